/**
 * The wording of the procedure.json form (the schema gives the structure, see schema-form.ts) and the metadata
 * a new procedure starts from.
 */
import type { ProcedureMetadata } from '../../../ir/index.js';
import type { FormLabels } from './schema-form.js';
import { UNIT_LABELS } from './motcua-fields.js';
import type { Text } from './text.js';

const vi = (v: string, en: string): Text => ({ vi: v, en });

function localized(path: string, name: Text): Record<string, Text> {
  return {
    [path]: name,
    [`${path}/vi`]: vi('Tiếng Việt', 'Vietnamese'),
    [`${path}/en`]: vi('Tiếng Anh', 'English'),
  };
}

export const PROCEDURE_FORM_LABELS: FormLabels = {
  fields: {
    '': vi('Thông tin thủ tục', 'Procedure information'),
    code: vi('Mã thủ tục', 'Procedure code'),
    'code#description': vi(
      'Mã trên Cổng dịch vụ công quốc gia, ví dụ 1.001193.',
      'Code on the national public-service portal, e.g. 1.001193.',
    ),
    ...localized('names', vi('Tên thủ tục', 'Procedure name')),
    level: vi('Cấp thực hiện', 'Administrative level'),
    sector: vi('Lĩnh vực', 'Sector'),
    'sector#description': vi('Ví dụ: Đất đai, Xây dựng, Hộ tịch.', 'E.g. Land, Construction, Civil status.'),
    agency: vi('Cơ quan chủ trì (mã)', 'Responsible agency (code)'),
    channels: vi('Cách thức thực hiện', 'Channels'),
    'channels/*': vi('Cách thức', 'Channel'),
    'channels/*/channel': vi('Hình thức nộp', 'Filed'),
    'channels/*/duration': vi('Thời hạn giải quyết', 'Time limit'),
    'channels/*/duration/amount': vi('Số lượng', 'Amount'),
    'channels/*/duration/unit': vi('Đơn vị', 'Unit'),
    'channels/*/fees': vi('Phí, lệ phí', 'Fees'),
    'channels/*/fees/*': vi('Khoản thu', 'Fee'),
    ...localized('channels/*/fees/*/name', vi('Tên khoản thu', 'Fee name')),
    'channels/*/fees/*/amount': vi('Mức thu (đồng)', 'Amount (VND)'),
    'channels/*/fees/*/currency': vi('Tiền tệ', 'Currency'),
    'channels/*/fees/*/per': vi('Đơn vị tính', 'Charged per'),
    'channels/*/fees/*/note': vi('Ghi chú', 'Note'),
    'channels/*/note': vi('Ghi chú', 'Note'),
    components: vi('Thành phần hồ sơ', 'Dossier components'),
    'components/*': vi('Thành phần', 'Component'),
    'components/*/id': vi('Mã thành phần', 'Component id'),
    ...localized('components/*/name', vi('Tên giấy tờ', 'Document name')),
    'components/*/required': vi('Bắt buộc', 'Required'),
    'components/*/kind': vi('Loại bản', 'Kind'),
    'components/*/count': vi('Số lượng', 'Count'),
    'components/*/template': vi('Mẫu đơn, tờ khai', 'Form template'),
    ...localized('result', vi('Kết quả thực hiện', 'Result')),
    cutoff: vi('Giờ chốt nhận hồ sơ', 'Cut-off'),
    'cutoff/paper': vi(
      'Hồ sơ giấy nộp sau (HH:MM) tính từ ngày làm việc tiếp theo',
      'Paper dossiers filed after (HH:MM) count from the next working day',
    ),
    'cutoff/online': vi('Hồ sơ trực tuyến nộp ngoài giờ', 'Online dossiers filed outside working time'),
    participants: vi('Cơ quan phối hợp (liên thông)', 'Participating agencies'),
    'participants/*': vi('Mã cơ quan', 'Agency code'),
    validFrom: vi('Ngày có hiệu lực', 'Valid from'),
    validTo: vi('Ngày hết hiệu lực', 'Valid to'),
    model: vi('Tệp mô hình', 'Model file'),
  },
  options: {
    level: {
      province: vi('Cấp tỉnh', 'Province'),
      district: vi('Cấp huyện', 'District'),
      commune: vi('Cấp xã', 'Commune'),
      ministry: vi('Cấp bộ', 'Ministry'),
      other: vi('Khác', 'Other'),
    },
    'channels/*/channel': {
      counter: vi('Trực tiếp', 'At the counter'),
      online: vi('Trực tuyến', 'Online'),
      postal: vi('Qua bưu chính', 'By post'),
    },
    'channels/*/duration/unit': UNIT_LABELS,
    'components/*/kind': {
      original: vi('Bản chính', 'Original'),
      copy: vi('Bản sao', 'Copy'),
      'certified-copy': vi('Bản sao chứng thực', 'Certified copy'),
      'original-or-copy': vi('Bản chính hoặc bản sao', 'Original or copy'),
      electronic: vi('Bản điện tử', 'Electronic'),
    },
    'cutoff/online': {
      'next-session': vi('Tính từ phiên làm việc tiếp theo', 'From the next working session'),
      immediate: vi('Tính ngay khi nộp', 'From the moment of filing'),
    },
  },
  // The console names the model file itself; provenance belongs to imported records.
  hidden: ['model', 'provenance'],
};

/** The metadata a new procedure starts from, matching the receive → appraise → approve → return template. */
export function newProcedureMetadata(): ProcedureMetadata {
  return {
    code: '',
    names: { vi: '' },
    level: 'province',
    sector: '',
    agency: '',
    channels: [{ channel: 'counter', duration: { amount: 10, unit: 'working-day' }, fees: [] }],
    components: [
      { id: 'don-de-nghi', name: { vi: 'Đơn đề nghị' }, required: true, kind: 'original', count: 1 },
    ],
    result: { vi: '' },
    model: 'process.bpmn',
  };
}
