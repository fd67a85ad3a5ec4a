import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
import {
  buildChannels,
  parseChannels,
  parseComponents,
  parseDuration,
  parseFees,
  parseLabelledFees,
  parseLevels,
  parseModChannels,
  parseModComponents,
  parseMoney,
  splitTemplate,
} from '../../catalog/index.js';

const fixtures = path.join(repoRoot, 'tests', 'catalog', 'fixtures');

/** Real national-portal records (excerpts) by code. */
function national(code: string): Record<string, string> {
  const lines = readFileSync(path.join(fixtures, 'national-tthc.sample.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const r = lines.map((l) => JSON.parse(l) as Record<string, string>).find((x) => x.ma_thu_tuc === code);
  if (!r) throw new Error(`fixture ${code} missing`);
  return r;
}

describe('catalog parsers', () => {
  describe('parseDuration', () => {
    it('reads each unit the portals use', () => {
      expect(parseDuration('60 Ngày làm việc').duration).to.deep.equal({ amount: 60, unit: 'working-day' });
      expect(parseDuration('15 Ngày').duration).to.deep.equal({ amount: 15, unit: 'calendar-day' });
      expect(parseDuration('8 Giờ').duration).to.deep.equal({ amount: 8, unit: 'working-hour' });
      expect(parseDuration('0.5 Giờ').duration).to.deep.equal({ amount: 0.5, unit: 'working-hour' });
      expect(parseDuration('01 Giờ').duration).to.deep.equal({ amount: 1, unit: 'working-hour' });
      expect(parseDuration('0,5 ngày làm việc').duration).to.deep.equal({ amount: 0.5, unit: 'working-day' });
    });

    it('converts months to calendar days and says so', () => {
      const p = parseDuration('6 Tháng');
      expect(p.duration).to.deep.equal({ amount: 180, unit: 'calendar-day' });
      expect(p.note).to.match(/tháng/);
    });

    it('reads "Không quá ..." and "Trong ngày"', () => {
      expect(parseDuration('Không quá 17 ngày làm việc.').duration).to.deep.equal({
        amount: 17,
        unit: 'working-day',
      });
      expect(parseDuration('Trong ngày làm việc.').duration).to.deep.equal({
        amount: 1,
        unit: 'working-day',
      });
    });

    it('reports a missing unit instead of guessing one', () => {
      const p = parseDuration('5');
      expect(p.duration).to.equal(undefined);
      expect(p.unitMissing).to.equal(true);
      expect(p.amount).to.equal(5);
    });

    it('keeps the upper bound of a range and notes it', () => {
      const p = parseDuration('10-25');
      expect(p.amount).to.equal(25);
      expect(p.note).to.match(/upper bound/);
    });

    it('gives a reason for texts that hold no limit', () => {
      for (const t of [
        'Không có thông tin',
        'Không quy định',
        '',
        '0 Giờ',
        'Chậm nhất là ngay trước khi tàu rời cảng',
      ]) {
        const p = parseDuration(t);
        expect(p.duration, t).to.equal(undefined);
        expect(p.unitMissing, t).to.equal(undefined);
        expect(p.reason, t).to.be.a('string').and.not.equal('');
      }
    });
  });

  describe('parseFees', () => {
    it('reads amounts with thousands separators in both styles', () => {
      expect(parseMoney('2,000,000')).to.equal(2000000);
      expect(parseMoney('2.000.000')).to.equal(2000000);
      expect(parseMoney('1.5')).to.equal(1.5);
      expect(parseMoney('abc')).to.equal(undefined);
    });

    it('reads "8,000 VNĐ" and "2,000 Việt Nam Đồng(/trang)"', () => {
      expect(parseFees('8,000 VNĐ').fees).to.deep.equal([{ amount: 8000, currency: 'VND' }]);
      const perPage = parseFees('2,000 Việt Nam Đồng(/trang)');
      expect(perPage.parsed).to.equal(true);
      expect(perPage.fees).to.deep.equal([{ amount: 2000, currency: 'VND', per: 'page' }]);
    });

    it('keeps the parenthesised note of a fee', () => {
      const f = parseFees('70,000 VNĐ(70.000 đồng/Giấy chứng nhận)');
      expect(f.fees[0]?.amount).to.equal(70000);
      expect(f.fees[0]?.note).to.equal('70.000 đồng/Giấy chứng nhận');
    });

    it('reads "Miễn phí" as free and "Không có thông tin" as unknown', () => {
      expect(parseFees('Miễn phí')).to.include({ free: true, parsed: true });
      expect(parseFees('Miễn phí').fees).to.deep.equal([]);
      const none = parseFees('Không có thông tin');
      expect(none.parsed).to.equal(false);
      expect(none.issues).to.have.length(1);
    });

    it('does not convert USD: reported, not parsed', () => {
      const f = parseFees('100 USD(100 USD/thẻ.)');
      expect(f.parsed).to.equal(false);
      expect(f.fees).to.deep.equal([]);
      expect(f.issues.join(' ')).to.match(/USD/);
    });

    it('reads the labelled lines of mod-tthc', () => {
      const f = parseLabelledFees(
        'Phí : 2.000.000 Đồng (Thẩm định cấp phép sử dụng vật liệu nổ công nghiệp phục vụ  nghiên cứu, kiểm định, thử nghiệm)\nPhí : 3.500.000 Đồng (Thẩm định cấp phép ... trên đất liền)',
      );
      expect(f.fees.map((x) => x.amount)).to.deep.equal([2000000, 3500000]);
      expect(f.fees[0]?.name?.vi).to.equal('Phí');
      expect(parseLabelledFees('Phí : 0 Đồng')).to.include({ free: true, parsed: true });
      expect(parseLabelledFees('Phí : Không Đồng')).to.include({ free: true, parsed: true });
      expect(parseLabelledFees('Phí :  Đồng (Theo quy định của Bộ Tài chính)').parsed).to.equal(false);
    });
  });

  describe('parseChannels (national flattened cell)', () => {
    it('splits a multi-channel record into rows with limits and fees', () => {
      const rows = parseChannels(national('1.001521').cach_thuc_thuc_hien);
      expect(rows.map((r) => r.channel)).to.deep.equal(['online', 'postal', 'counter']);
      for (const r of rows) {
        expect(r.time.duration).to.deep.equal({ amount: 6, unit: 'working-day' });
        expect(r.fee.free).to.equal(true);
      }
    });

    it('does not take "Trực tiếp tại ..." in a description for a row', () => {
      const rows = parseChannels(national('1.003799').cach_thuc_thuc_hien);
      expect(rows).to.have.length(1);
      expect(rows[0]?.description).to.match(/^trực tiếp tại Phòng Tổ chức cán bộ/);
    });

    it('splits a time limit glued to a fee ("Trực tuyến120 VNĐ") and flags it', () => {
      const rows = parseChannels(national('1.000014').cach_thuc_thuc_hien);
      expect(rows).to.have.length(2);
      expect(rows[0]?.timeText).to.equal('1');
      expect(rows[0]?.fee.fees[0]?.amount).to.equal(20);
      expect(rows[0]?.ambiguity).to.match(/glued/);
    });

    it('reads a unit-less limit and leaves the unit to the caller', () => {
      const rows = parseChannels(national('1.001710').cach_thuc_thuc_hien);
      expect(rows).to.have.length(3);
      expect(rows[0]?.time).to.include({ unitMissing: true, amount: 12 });
    });

    it('reads months, calendar days and USD fees of real records', () => {
      const months = parseChannels(national('1.001010').cach_thuc_thuc_hien);
      expect(months[0]?.time.duration).to.deep.equal({ amount: 180, unit: 'calendar-day' });
      expect(months[0]?.fee.parsed).to.equal(false);
      const days = parseChannels(national('1.000807').cach_thuc_thuc_hien);
      expect(days.map((r) => r.time.duration?.unit)).to.deep.equal([
        'calendar-day',
        'calendar-day',
        'calendar-day',
      ]);
    });

    it('reads the structured rows of mod-tthc', () => {
      const rows = parseModChannels([
        { hinh_thuc: 'Trực tiếp', thoi_han_giai_quyet: '30 Ngày làm việc', phi_le_phi: 'Phí : 0 Đồng' },
        { hinh_thuc: 'Dịch vụ bưu chính', thoi_han_giai_quyet: 'Không quy định', phi_le_phi: '' },
      ]);
      expect(rows.map((r) => r.channel)).to.deep.equal(['counter', 'postal']);
      expect(rows[0]?.time.duration).to.deep.equal({ amount: 30, unit: 'working-day' });
      expect(rows[1]?.time.reason).to.match(/no time limit/);
      expect(rows[1]?.fee.parsed).to.equal(false);
    });
  });

  describe('buildChannels', () => {
    it('defaults a missing unit to working days and lists it per channel', () => {
      const b = buildChannels(parseChannels(national('1.001710').cach_thuc_thuc_hien));
      expect(b.channels.map((c) => c.duration)).to.deep.equal([
        { amount: 12, unit: 'working-day' },
        { amount: 12, unit: 'working-day' },
        { amount: 12, unit: 'working-day' },
      ]);
      expect(b.defaults.map((d) => d.field).sort()).to.deep.equal([
        'channels.counter.duration.unit',
        'channels.online.duration.unit',
        'channels.postal.duration.unit',
      ]);
    });

    it('reads a missing limit from the row description when it is stated plainly', () => {
      const b = buildChannels(parseChannels(national('1.014059').cach_thuc_thuc_hien));
      expect(b.channels.every((c) => c.duration.amount === 7 && c.duration.unit === 'working-day')).to.equal(
        true,
      );
      expect(b.defaults.filter((d) => d.field.endsWith('.duration'))).to.deep.equal([]);
    });

    it('never invents silently: no limit anywhere gives the default and a reason', () => {
      const b = buildChannels(parseChannels(national('1.003799').cach_thuc_thuc_hien));
      expect(b.channels).to.have.length(1);
      const d = b.defaults.find((x) => x.field === 'channels.counter.duration');
      expect(d?.reason).to.match(/Không có thông tin/);
      expect(b.defaults.find((x) => x.field === 'channels.counter.fees')).to.not.equal(undefined);
    });

    it('merges rows of one channel (cases) keeping the longest limit', () => {
      const b = buildChannels(parseChannels(national('1.015027').cach_thuc_thuc_hien));
      expect(b.channels).to.have.length(1);
      expect(b.channels[0]?.duration).to.deep.equal({ amount: 30, unit: 'working-day' });
      expect(b.channels[0]?.note).to.match(/3 rows/);
    });

    it('keeps the first readable fee of a channel and a per-page unit', () => {
      const b = buildChannels(parseChannels(national('2.000815').cach_thuc_thuc_hien));
      expect(b.channels[0]?.fees).to.deep.equal([{ amount: 2000, currency: 'VND', per: 'page' }]);
    });
  });

  describe('parseComponents', () => {
    it('reads names, counts, kinds and template files', () => {
      const c = parseComponents(national('1.000232').thanh_phan_ho_so);
      expect(c.parsed).to.equal(true);
      expect(c.components).to.deep.equal([
        {
          id: 'tp-01',
          name: { vi: 'Văn bản đề nghị hủy tài khoản điện tử (NA20).' },
          required: true,
          kind: 'original',
          count: 1,
          template: 'Mau NA20-BCA.docx',
        },
      ]);
    });

    it('reads "0 bản chính,1 bản sao" as a copy', () => {
      const c = parseComponents(national('1.001010').thanh_phan_ho_so);
      const copy = c.components.find((x) => /^Bản sao hộ chiếu/.test(x.name.vi));
      expect(copy).to.include({ kind: 'copy', count: 1 });
    });

    it('separates a count glued to a date ("ngày 25/6/20241 bản chính")', () => {
      const c = parseComponents(national('1.014059').thanh_phan_ho_so);
      expect(c.components.length).to.be.greaterThan(0);
      for (const x of c.components) expect(x.count).to.be.at.most(10);
      expect(c.components[0]?.name.vi).to.match(/\/2024$/);
    });

    it('marks components of per-case tables as not required and keeps the case titles', () => {
      const c = parseComponents(national('1.015027').thanh_phan_ho_so);
      expect(c.cases.length).to.be.greaterThan(1);
      expect(c.cases[0]).to.match(/^a\) Hồ sơ đề nghị xét hưởng chế độ hưu trí/);
      expect(c.components.length).to.be.greaterThan(3);
      expect(c.components.every((x) => x.required === false)).to.equal(true);
    });

    it('keeps components required under a title that only names their kind ("Giấy tờ phải nộp")', () => {
      const c = parseComponents(national('2.000635').thanh_phan_ho_so);
      expect(c.cases[0]).to.match(/Giấy tờ phải nộp/);
      const required = c.components.filter((x) => x.required);
      expect(required.length).to.be.greaterThan(0);
      for (const x of required) expect(x.name.vi).to.not.match(/nếu có/i);
    });

    it('reports free text it cannot itemise', () => {
      const c = parseComponents(national('1.001521').thanh_phan_ho_so);
      expect(c.parsed).to.equal(false);
      expect(c.components).to.deep.equal([]);
      expect(c.issues[0]).to.match(/free text/);
    });

    it('reads mod-tthc rows and reports a missing count', () => {
      const c = parseModComponents([
        { ten_giay_to: 'Đơn khiếu nại', so_luong: 'Đơn khiếu nại.doc', ghi_chu: 'Bản chính: 1\nBản sao: 0' },
        { ten_giay_to: 'Giấy tờ chứng minh (nếu có)', so_luong: '', ghi_chu: 'Bản chính: 0\nBản sao: 0' },
      ]);
      expect(c.components[0]).to.deep.include({
        kind: 'original',
        count: 1,
        template: 'Đơn khiếu nại.doc',
        required: true,
      });
      expect(c.components[1]).to.deep.include({ count: 1, required: false });
      expect(c.defaults).to.have.length(1);
      expect(c.defaults[0]?.reason).to.match(/tp-02/);
    });

    it('splits a template file name glued to a component name', () => {
      expect(splitTemplate('Đơn đề nghị theo Mẫu số 08 quy định tại Phụ lục II;Mus08.docx')).to.deep.equal({
        name: 'Đơn đề nghị theo Mẫu số 08 quy định tại Phụ lục II;',
        template: 'Mus08.docx',
      });
      expect(splitTemplate('Không có tệp')).to.deep.equal({ name: 'Không có tệp' });
    });
  });

  describe('parseLevels', () => {
    it('maps every portal level and reports unknown ones', () => {
      expect(parseLevels('Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác').levels).to.deep.equal([
        'ministry',
        'province',
        'commune',
        'other',
      ]);
      expect(parseLevels('Cấp Tỉnh, Cấp Xã').levels).to.deep.equal(['province', 'commune']);
      expect(parseLevels('Cấp huyện').levels).to.deep.equal(['district']);
      expect(parseLevels('Cấp thôn').unknown).to.deep.equal(['Cấp thôn']);
    });
  });
});
