import { expect } from 'chai';
import fc from 'fast-check';
import type { Duration, DurationUnit } from '../../ir/index.js';
import {
  AGENCY_TREE,
  agencyByCode,
  allocate,
  buildPlan,
  planToSteps,
  planTotal,
  resolveAgency,
  sectorDepartment,
  type AgencyResolution,
} from '../../catalog/index.js';

const UNITS: DurationUnit[] = ['working-day', 'working-hour', 'calendar-day'];

describe('catalog templates and agencies', () => {
  describe('allocate', () => {
    it('splits any limit exactly, every share positive', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4000 }).map((n) => n / 8),
          fc.constantFrom(...UNITS),
          fc.integer({ min: 2, max: 8 }),
          (amount, unit, n) => {
            const shares = Array.from({ length: n }, (_, i) => ({
              id: `s${i}`,
              days: i === 0 ? 0 : 0.5,
              weight: i === 0 ? 4 : 1,
            }));
            const out = allocate({ amount, unit }, shares, 's0');
            const values = [...out.values()];
            expect(values).to.have.length(n);
            for (const v of values) expect(v).to.be.greaterThan(0);
            expect(Math.abs(values.reduce((a, b) => a + b, 0) - amount)).to.be.below(1e-6);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('buildPlan', () => {
    const department: AgencyResolution = {
      agency: 'STNMT',
      reception: 'TTHCC',
      signer: 'UBND-T',
      chairSigns: true,
      coordinating: [],
      outside: [],
    };

    it('is shaped like the real processes: centre → specialist → division → department → chair → centre', () => {
      const plan = buildPlan({
        level: 'province',
        sector: 'Đất đai',
        resolution: department,
        limit: { amount: 20, unit: 'working-day' },
      });
      const tasks = plan.items.flatMap((i) =>
        i.kind === 'task' ? [[i.step.id, i.step.role, i.step.agency]] : [],
      );
      expect(tasks).to.deep.equal([
        ['receive', 'receptionist', 'TTHCC'],
        ['appraise', 'specialist', 'STNMT'],
        ['review', 'division-head', 'STNMT'],
        ['approve', 'department-head', 'STNMT'],
        ['sign', 'department-head', 'UBND-T'],
        ['return', 'receptionist', 'TTHCC'],
      ]);
      expect(plan.items.some((i) => i.kind === 'refuse')).to.equal(true);
    });

    it('adds up exactly to the legal limit, in its unit, for any limit', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2000 }).map((n) => n / 4),
          fc.constantFrom(...UNITS),
          fc.boolean(),
          (amount, unit, commune) => {
            const limit: Duration = { amount, unit };
            const resolution: AgencyResolution = commune
              ? {
                  agency: 'UBND-X',
                  reception: 'MC-X',
                  signer: 'UBND-X',
                  chairSigns: true,
                  coordinating: [],
                  outside: [],
                }
              : department;
            const plan = buildPlan({
              level: commune ? 'commune' : 'province',
              sector: 'Hộ tịch',
              resolution,
              limit,
            });
            expect(Math.abs(planTotal(plan) - amount)).to.be.below(1e-6);
            for (const item of plan.items) {
              if (item.kind === 'task') {
                expect(item.step.duration.unit).to.equal(unit);
                expect(item.step.duration.amount).to.be.greaterThan(0);
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    });

    it('keeps the refused path within the limit', () => {
      const plan = buildPlan({
        level: 'province',
        sector: 'Xây dựng',
        resolution: department,
        limit: { amount: 5, unit: 'working-day' },
      });
      const steps = planToSteps(plan).steps;
      const decision = steps.find((s) => 'decision' in s);
      expect(decision).to.not.equal(undefined);
      const before = plan.items.slice(
        0,
        plan.items.findIndex((i) => i.kind === 'refuse'),
      );
      const refuse = plan.items.find((i) => i.kind === 'refuse');
      const sum =
        before.reduce((a, i) => a + (i.kind === 'task' ? i.step.duration.amount : 0), 0) +
        (refuse?.kind === 'refuse' ? refuse.notice.duration.amount : 0);
      expect(sum).to.be.at.most(5);
    });

    it('calls coordinating agencies through coordination procedures when the limit allows', () => {
      const plan = buildPlan({
        level: 'commune',
        sector: 'Hộ tịch',
        resolution: {
          agency: 'UBND-X',
          reception: 'MC-X',
          signer: 'UBND-X',
          chairSigns: true,
          coordinating: ['CA-X', 'CAT'],
          outside: [],
        },
        limit: { amount: 10, unit: 'working-day' },
        consultProcedure: (agency, d) => ({ code: `LT-${agency}-1d`, duration: d }),
      });
      const consult = plan.items.find((i) => i.kind === 'consult');
      expect(consult?.kind === 'consult' ? consult.calls.map((c) => c.procedure) : []).to.deep.equal([
        'LT-CA-X-1d',
        'LT-CAT-1d',
      ]);
      expect(Math.abs(planTotal(plan) - 10)).to.be.below(1e-6);
    });

    it('uses a short chain for procedures of at most one working day', () => {
      const plan = buildPlan({
        level: 'province',
        sector: 'Chứng thực',
        resolution: { ...department, signer: 'STP', agency: 'STP', chairSigns: false },
        limit: { amount: 4, unit: 'working-hour' },
      });
      expect(plan.template).to.match(/quick/);
      expect(plan.items.some((i) => i.kind === 'refuse')).to.equal(false);
      expect(planTotal(plan)).to.equal(4);
    });
  });

  describe('agency tree and resolution', () => {
    it('holds the codes the samples use, with unique codes and known parents', () => {
      const codes = AGENCY_TREE.map((a) => a.code);
      for (const c of ['UBND-T', 'STP', 'STNMT', 'SXD', 'SKHDT', 'TTHCC', 'UBND-H', 'UBND-X'])
        expect(codes).to.include(c);
      expect(new Set(codes).size).to.equal(codes.length);
      for (const a of AGENCY_TREE)
        if (a.parentCode !== null) expect(agencyByCode(a.parentCode), a.code).to.not.equal(undefined);
      expect(AGENCY_TREE.filter((a) => a.level === 'district').length).to.be.greaterThan(2);
      expect(AGENCY_TREE.filter((a) => a.level === 'commune').length).to.be.greaterThan(2);
    });

    it('takes the executing agency named by the record, per level', () => {
      const input = {
        executing: 'Sở Xây dựng, Uỷ ban Nhân dân cấp xã, phường, thị trấn',
        authority: '',
        coordinating: '',
        sector: 'Nhà ở và công sở',
      };
      expect(resolveAgency(input, 'province')).to.include({
        agency: 'SXD',
        reception: 'TTHCC',
        chairSigns: false,
      });
      expect(resolveAgency(input, 'commune')).to.include({
        agency: 'UBND-X',
        reception: 'MC-X',
        signer: 'UBND-X',
      });
      expect(resolveAgency(input, 'province').defaulted).to.equal(undefined);
    });

    it('lets the chair sign when the committee is the competent authority', () => {
      const r = resolveAgency(
        {
          executing: 'Chi cục Kiểm Lâm sở Nông nghiệp và Môi trường',
          authority: 'Chủ tịch ủy ban nhân dân cấp tỉnh',
          coordinating: '',
          sector: 'Lâm nghiệp',
        },
        'province',
      );
      expect(r).to.include({ agency: 'CCKL', signer: 'UBND-T', chairSigns: true });
    });

    it('reports the sector default when the record names no agency', () => {
      const r = resolveAgency(
        { executing: 'Không có thông tin', authority: '', coordinating: '', sector: 'Đất đai' },
        'province',
      );
      expect(r.agency).to.equal('STNMT');
      expect(r.defaulted).to.match(/sector/);
    });

    it('keeps central agencies that list their lowest units as commune level', () => {
      const r = resolveAgency(
        { executing: 'Chi cục Hải quan khu vực', authority: '', coordinating: '', sector: 'Hải quan' },
        'commune',
      );
      expect(r).to.include({ agency: 'HQ', reception: 'HQ' });
      expect(r.defaulted).to.equal(undefined);
    });

    it('maps coordinating agencies to the tree and lists the others', () => {
      const r = resolveAgency(
        {
          executing: '',
          authority: '',
          coordinating: 'Công an cấp Xã, Bộ Công an, Cơ quan khác',
          sector: 'Hộ tịch',
        },
        'commune',
      );
      expect(r.coordinating).to.deep.equal(['CA-X']);
      expect(r.outside).to.deep.equal(['bộ công an', 'cơ quan khác']);
    });

    it('maps merged departments by sector', () => {
      expect(sectorDepartment('Thú y')).to.equal('SNN');
      expect(sectorDepartment('Đất đai')).to.equal('STNMT');
      expect(sectorDepartment('Thành lập và hoạt động của doanh nghiệp')).to.equal('SKHDT');
      expect(sectorDepartment('Hộ tịch')).to.equal('STP');
    });
  });
});
