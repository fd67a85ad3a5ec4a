/**
 * The agency tree of one (fictitious) province, "tỉnh Sơn Hà", dossier-code prefix H99: the provincial People's
 * Committee, its departments (sở) by sector, the public administrative service centre, the central agencies that
 * sit in the province (police, tax, customs, treasury...), a generic district and commune (UBND-H, UBND-X: the
 * codes procedure models name) and a few concrete ones. Written to procedure-models/agencies.json by the importer.
 * The shape of the departments follows the seeds (province/district/commune, before the 2025 mergers), so
 * land/environment (STNMT) and agriculture (SNN), planning (SKHDT) and finance (STC) are separate departments.
 */
import type { AdministrativeLevel } from '../ir/index.js';

export interface AgencyNode {
  code: string;
  parentCode: string | null;
  level: AdministrativeLevel;
  nameVi: string;
  nameEn: string;
  /** Unit prefix of dossier codes ({unitCode}-{yymmdd}-{seq}). */
  unitCode: string;
}

const P = 'H99';

function a(
  code: string,
  parentCode: string | null,
  level: AdministrativeLevel,
  unit: string,
  nameVi: string,
  nameEn: string,
): AgencyNode {
  return { code, parentCode, level, nameVi, nameEn, unitCode: unit };
}

export const AGENCY_TREE: readonly AgencyNode[] = [
  a(
    'UBND-T',
    null,
    'province',
    `${P}`,
    'Ủy ban nhân dân tỉnh Sơn Hà',
    'Son Ha Provincial People’s Committee',
  ),
  a(
    'TTHCC',
    'UBND-T',
    'province',
    `${P}.01`,
    'Trung tâm Phục vụ hành chính công tỉnh',
    'Provincial Public Administrative Service Centre',
  ),
  a('TTR', 'UBND-T', 'province', `${P}.10`, 'Thanh tra tỉnh', 'Provincial Inspectorate'),
  a('SNV', 'UBND-T', 'province', `${P}.11`, 'Sở Nội vụ', 'Department of Home Affairs'),
  a('STP', 'UBND-T', 'province', `${P}.12`, 'Sở Tư pháp', 'Department of Justice'),
  a(
    'SKHDT',
    'UBND-T',
    'province',
    `${P}.13`,
    'Sở Kế hoạch và Đầu tư',
    'Department of Planning and Investment',
  ),
  a('STC', 'UBND-T', 'province', `${P}.14`, 'Sở Tài chính', 'Department of Finance'),
  a('SCT', 'UBND-T', 'province', `${P}.15`, 'Sở Công Thương', 'Department of Industry and Trade'),
  a(
    'SNN',
    'UBND-T',
    'province',
    `${P}.16`,
    'Sở Nông nghiệp và Phát triển nông thôn',
    'Department of Agriculture and Rural Development',
  ),
  a('SGTVT', 'UBND-T', 'province', `${P}.17`, 'Sở Giao thông vận tải', 'Department of Transport'),
  a('SXD', 'UBND-T', 'province', `${P}.18`, 'Sở Xây dựng', 'Department of Construction'),
  a(
    'STNMT',
    'UBND-T',
    'province',
    `${P}.19`,
    'Sở Tài nguyên và Môi trường',
    'Department of Natural Resources and Environment',
  ),
  a(
    'STTTT',
    'UBND-T',
    'province',
    `${P}.20`,
    'Sở Thông tin và Truyền thông',
    'Department of Information and Communications',
  ),
  a(
    'SLDTBXH',
    'UBND-T',
    'province',
    `${P}.21`,
    'Sở Lao động - Thương binh và Xã hội',
    'Department of Labour, Invalids and Social Affairs',
  ),
  a(
    'SVHTTDL',
    'UBND-T',
    'province',
    `${P}.22`,
    'Sở Văn hóa, Thể thao và Du lịch',
    'Department of Culture, Sports and Tourism',
  ),
  a(
    'SKHCN',
    'UBND-T',
    'province',
    `${P}.23`,
    'Sở Khoa học và Công nghệ',
    'Department of Science and Technology',
  ),
  a(
    'SGDDT',
    'UBND-T',
    'province',
    `${P}.24`,
    'Sở Giáo dục và Đào tạo',
    'Department of Education and Training',
  ),
  a('SYT', 'UBND-T', 'province', `${P}.25`, 'Sở Y tế', 'Department of Health'),
  a('SNGV', 'UBND-T', 'province', `${P}.26`, 'Sở Ngoại vụ', 'Department of Foreign Affairs'),
  a(
    'BQLKKT',
    'UBND-T',
    'province',
    `${P}.30`,
    'Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh',
    'Economic Zone and Industrial Parks Authority',
  ),
  a(
    'VPDKDD',
    'STNMT',
    'province',
    `${P}.19.01`,
    'Văn phòng Đăng ký đất đai tỉnh',
    'Provincial Land Registration Office',
  ),
  a('CCKL', 'SNN', 'province', `${P}.16.01`, 'Chi cục Kiểm lâm', 'Forest Protection Sub-department'),
  // Central (vertical) agencies located in the province: not under the People's Committee.
  a('CAT', null, 'province', `${P}.40`, 'Công an tỉnh', 'Provincial Police'),
  a('THUE', null, 'province', `${P}.41`, 'Thuế tỉnh', 'Provincial Tax Department'),
  a('HQ', null, 'province', `${P}.42`, 'Chi cục Hải quan khu vực', 'Regional Customs Sub-department'),
  a(
    'NHNN',
    null,
    'province',
    `${P}.43`,
    'Ngân hàng Nhà nước Chi nhánh khu vực',
    'State Bank of Vietnam, regional branch',
  ),
  a('KBNN', null, 'province', `${P}.44`, 'Kho bạc Nhà nước tỉnh', 'Provincial State Treasury'),
  a('BHXH', null, 'province', `${P}.45`, 'Bảo hiểm xã hội tỉnh', 'Provincial Social Insurance'),
  a('THADS', null, 'province', `${P}.46`, 'Thi hành án dân sự tỉnh', 'Provincial Civil Judgment Enforcement'),
  a('TAND', null, 'province', `${P}.47`, 'Tòa án nhân dân tỉnh', 'Provincial People’s Court'),
  a('BCHQS', null, 'province', `${P}.48`, 'Bộ Chỉ huy Quân sự tỉnh', 'Provincial Military Command'),
  a(
    'BDBP',
    null,
    'province',
    `${P}.49`,
    'Bộ Chỉ huy Bộ đội Biên phòng tỉnh',
    'Provincial Border Guard Command',
  ),
  a('CVHH', null, 'province', `${P}.39`, 'Cảng vụ Hàng hải', 'Maritime Administration (port authority)'),
  // District level: UBND-H is the generic district that models name; the numbered ones are the real units.
  a(
    'UBND-H',
    'UBND-T',
    'district',
    `${P}.50`,
    'Ủy ban nhân dân cấp huyện',
    'District People’s Committee (any district)',
  ),
  a(
    'MC-H',
    'UBND-H',
    'district',
    `${P}.50.00`,
    'Bộ phận Tiếp nhận và Trả kết quả cấp huyện',
    'District one-stop reception unit',
  ),
  a(
    'CN-VPDKDD',
    'VPDKDD',
    'district',
    `${P}.19.02`,
    'Chi nhánh Văn phòng Đăng ký đất đai',
    'Branch of the Land Registration Office',
  ),
  a(
    'UBND-H-01',
    'UBND-T',
    'district',
    `${P}.51`,
    'Ủy ban nhân dân thành phố Sơn Hà',
    'Son Ha City People’s Committee',
  ),
  a(
    'UBND-H-02',
    'UBND-T',
    'district',
    `${P}.52`,
    'Ủy ban nhân dân huyện Đông Khê',
    'Dong Khe District People’s Committee',
  ),
  a(
    'UBND-H-03',
    'UBND-T',
    'district',
    `${P}.53`,
    'Ủy ban nhân dân huyện Tây Lĩnh',
    'Tay Linh District People’s Committee',
  ),
  a(
    'UBND-H-04',
    'UBND-T',
    'district',
    `${P}.54`,
    'Ủy ban nhân dân thị xã Nam Phong',
    'Nam Phong Town People’s Committee',
  ),
  // Commune level: UBND-X is the generic commune; commune police and military are separate units.
  a(
    'UBND-X',
    'UBND-H',
    'commune',
    `${P}.50.01`,
    'Ủy ban nhân dân cấp xã',
    'Commune People’s Committee (any commune)',
  ),
  a(
    'MC-X',
    'UBND-X',
    'commune',
    `${P}.50.01.00`,
    'Bộ phận Một cửa cấp xã',
    'Commune one-stop reception unit',
  ),
  a('CA-X', 'CAT', 'commune', `${P}.40.01`, 'Công an cấp xã', 'Commune Police'),
  a('BCHQS-X', 'UBND-X', 'commune', `${P}.48.01`, 'Ban Chỉ huy Quân sự cấp xã', 'Commune Military Command'),
  a('BP-CK', 'BDBP', 'commune', `${P}.49.01`, 'Đồn Biên phòng cửa khẩu', 'Border Guard checkpoint station'),
  a(
    'UBND-X-01',
    'UBND-H-01',
    'commune',
    `${P}.51.01`,
    'Ủy ban nhân dân phường Đông Hải',
    'Dong Hai Ward People’s Committee',
  ),
  a(
    'UBND-X-02',
    'UBND-H-01',
    'commune',
    `${P}.51.02`,
    'Ủy ban nhân dân phường Ngọc Trạo',
    'Ngoc Trao Ward People’s Committee',
  ),
  a(
    'UBND-X-03',
    'UBND-H-02',
    'commune',
    `${P}.52.01`,
    'Ủy ban nhân dân thị trấn Đông Khê',
    'Dong Khe Township People’s Committee',
  ),
  a(
    'UBND-X-04',
    'UBND-H-02',
    'commune',
    `${P}.52.02`,
    'Ủy ban nhân dân xã Tân Lập',
    'Tan Lap Commune People’s Committee',
  ),
  a(
    'UBND-X-05',
    'UBND-H-03',
    'commune',
    `${P}.53.01`,
    'Ủy ban nhân dân xã Tây Lĩnh',
    'Tay Linh Commune People’s Committee',
  ),
  a(
    'UBND-X-06',
    'UBND-H-04',
    'commune',
    `${P}.54.01`,
    'Ủy ban nhân dân phường Nam Phong',
    'Nam Phong Ward People’s Committee',
  ),
];

export function agencyByCode(code: string): AgencyNode | undefined {
  return AGENCY_TREE.find((x) => x.code === code);
}
