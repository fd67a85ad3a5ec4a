/** Tables as CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese correctly) or XLSX (exceljs). */
import ExcelJS from 'exceljs';
import type { Response } from 'express';

export interface Column {
  key: string;
  header: string;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote, and defuse spreadsheet formulas in text cells.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: Column[], rows: Array<Record<string, unknown>>): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function toXlsx(
  sheet: string,
  columns: Column[],
  rows: Array<Record<string, unknown>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, Math.min(40, c.header.length + 2)),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function sendTable(
  res: Response,
  format: 'json' | 'csv' | 'xlsx',
  name: string,
  columns: Column[],
  rows: Array<Record<string, unknown>>,
  json: () => unknown,
): Promise<void> {
  if (format === 'csv') {
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(toCsv(columns, rows));
  } else if (format === 'xlsx') {
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await toXlsx(name, columns, rows));
  } else {
    res.json(json());
  }
}
