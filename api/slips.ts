/**
 * Printable slips (PDF, A4) with a QR code for lookup: receipt and appointment, supplement request, refusal,
 * apology and rescheduling, stop notice, processing-control slip. Vietnamese first, English below; DejaVu Sans
 * carries every Vietnamese diacritic.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = path.join(FONT_DIR, 'DejaVuSans.ttf');
const FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const VN_OFFSET_MS = 7 * 3_600_000;

/** "14:05 ngày 08/10/2026" in Vietnam time. */
export function vnDateTime(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const t = new Date(new Date(d).getTime() + VN_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCHours())}:${p(t.getUTCMinutes())} ngày ${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
}

export interface SlipField {
  vi: string;
  en: string;
  value: string;
}

export interface SlipSpec {
  /** Issuing agency, printed at the top left. */
  agency: string;
  title: { vi: string; en: string };
  /** Dossier code (printed large, encoded in the QR code with the lookup URL). */
  code?: string;
  lookupUrl?: string;
  fields: SlipField[];
  sections?: Array<{ heading: { vi: string; en: string }; lines: string[] }>;
  table?: { headers: string[]; widths: number[]; rows: string[][] };
  footer?: string[];
  signer?: { vi: string; en: string; name?: string };
}

export async function renderSlip(spec: SlipSpec): Promise<Buffer> {
  const qr = spec.lookupUrl
    ? await QRCode.toBuffer(spec.lookupUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' })
    : undefined;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: spec.title.vi, Producer: 'motcua' } });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 50;
  const width = doc.page.width - 100;

  doc
    .font('bold')
    .fontSize(10)
    .text(spec.agency.toUpperCase(), left, 50, { width: width / 2 });
  doc
    .font('bold')
    .fontSize(10)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + width / 2, 50, { width: width / 2, align: 'center' })
    .font('body')
    .text('Độc lập - Tự do - Hạnh phúc', { width: width / 2, align: 'center' });
  if (qr) doc.image(qr, left + width - 90, 95, { width: 90 });
  doc.moveDown(2);
  doc
    .font('bold')
    .fontSize(15)
    .text(spec.title.vi.toUpperCase(), left, 110, { width: width - 100, align: 'left' });
  doc
    .font('body')
    .fontSize(10)
    .fillColor('#555')
    .text(spec.title.en, { width: width - 100 })
    .fillColor('black');
  if (spec.code) {
    doc
      .moveDown(0.5)
      .font('bold')
      .fontSize(13)
      .text(`Mã hồ sơ / Dossier code: ${spec.code}`, { width: width - 100 });
  }
  doc.moveDown(1);
  const y0 = Math.max(doc.y, qr ? 195 : doc.y);
  doc.y = y0;
  for (const f of spec.fields) {
    doc.font('bold').fontSize(10).text(`${f.vi} `, left, doc.y, { continued: true, width });
    doc
      .font('body')
      .fillColor('#555')
      .text(`(${f.en}): `, { continued: true })
      .fillColor('black')
      .text(f.value || '—');
    doc.moveDown(0.2);
  }
  for (const s of spec.sections ?? []) {
    doc
      .moveDown(0.6)
      .font('bold')
      .fontSize(11)
      .text(`${s.heading.vi} / ${s.heading.en}`, left, doc.y, { width });
    doc.font('body').fontSize(10);
    if (s.lines.length === 0) doc.text('—');
    s.lines.forEach((line, i) => doc.text(`${i + 1}. ${line}`, left + 12, doc.y, { width: width - 12 }));
  }
  if (spec.table) {
    doc.moveDown(0.8);
    const { headers, widths, rows } = spec.table;
    const total = widths.reduce((a, b) => a + b, 0);
    const cols = widths.map((w) => (w / total) * width);
    const drawRow = (cells: string[], bold: boolean) => {
      const y = doc.y;
      let x = left;
      let h = 0;
      doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      cells.forEach((c, i) => {
        h = Math.max(h, doc.heightOfString(c, { width: cols[i]! - 6 }));
      });
      if (y + h + 8 > doc.page.height - 60) {
        doc.addPage();
        return drawRow(cells, bold);
      }
      cells.forEach((c, i) => {
        doc.text(c, x + 3, y + 3, { width: cols[i]! - 6 });
        doc.rect(x, y, cols[i]!, h + 6).stroke('#999');
        x += cols[i]!;
      });
      doc.x = left;
      doc.y = y + h + 6;
    };
    drawRow(headers, true);
    for (const r of rows) drawRow(r, false);
  }
  if (spec.footer?.length) {
    doc.moveDown(1).font('body').fontSize(9).fillColor('#333');
    for (const line of spec.footer) doc.text(line, left, doc.y, { width });
    doc.fillColor('black');
  }
  if (spec.signer) {
    doc.moveDown(1.5);
    doc
      .font('bold')
      .fontSize(10)
      .text(spec.signer.vi.toUpperCase(), left + width / 2, doc.y, { width: width / 2, align: 'center' });
    doc
      .font('body')
      .fontSize(9)
      .text(`(${spec.signer.en})`, { width: width / 2, align: 'center' });
    if (spec.signer.name)
      doc
        .moveDown(2.5)
        .font('bold')
        .fontSize(10)
        .text(spec.signer.name, { width: width / 2, align: 'center' });
  }
  doc.end();
  return done;
}
