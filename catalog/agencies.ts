/**
 * Which agency of the province tree carries out a record at a level, who receives it, who signs, and which
 * coordinating agencies it calls. Rules, in order: the executing agency named by the record
 * (co_quan_thuc_hien), the competent authority (co_quan_co_tham_quyen), then the sector → department table,
 * then the ministry the record was listed under. Anything not named by the record is reported as a default.
 */
import type { AdministrativeLevel } from '../ir/index.js';
import { agencyByCode } from './agency-tree.js';
import { isNoInfo, norm } from './text.js';

/** Virtual codes resolved by sector: a merged department name ("Sở Nông nghiệp và Môi trường"). */
type Virtual = 'NNMT' | 'TC' | 'SECTOR';

const NAME_RULES: Array<[RegExp, string | Virtual]> = [
  [/chi nhánh văn phòng đăng ký đất đai|chi nhánh vpđkđđ/, 'CN-VPDKDD'],
  [/văn phòng đăng ký đất đai|vp ?đkđđ/, 'VPDKDD'],
  [/công an (cấp )?xã|công an xã/, 'CA-X'],
  [/công an|cảnh sát|xuất nhập cảnh/, 'CAT'],
  [/hải quan/, 'HQ'],
  [/thuế/, 'THUE'],
  [/ngân hàng nhà nước/, 'NHNN'],
  [/kho bạc/, 'KBNN'],
  [/bảo hiểm xã hội/, 'BHXH'],
  [/thi hành án/, 'THADS'],
  [/tòa án|toà án/, 'TAND'],
  [/ban quản lý (các )?khu|^ban quản lý$/, 'BQLKKT'],
  [/kiểm lâm/, 'CCKL'],
  [/biên phòng/, 'BP-CK'],
  [/ban chỉ huy quân sự (cấp )?xã/, 'BCHQS-X'],
  [/quân sự|bộ tư lệnh/, 'BCHQS'],
  [/cảng vụ/, 'CVHH'],
  [/đăng kiểm/, 'SGTVT'],
  [/sở tư pháp|phòng tư pháp/, 'STP'],
  [/sở giao thông/, 'SGTVT'],
  [/sở xây dựng/, 'SXD'],
  [/sở nông nghiệp và môi trường|nông nghiệp và môi trường|quản lý đất đai|sở tài nguyên/, 'NNMT'],
  [/sở nông nghiệp|thủy sản cấp tỉnh|thú y cấp tỉnh/, 'SNN'],
  [/sở kế hoạch/, 'SKHDT'],
  [/sở tài chính/, 'TC'],
  [/sở nội vụ/, 'SNV'],
  [/sở y tế/, 'SYT'],
  [/sở giáo dục/, 'SGDDT'],
  [/sở công thương/, 'SCT'],
  [/sở văn hóa|sở văn hoá/, 'SVHTTDL'],
  [/sở khoa học/, 'SKHCN'],
  [/sở thông tin/, 'STTTT'],
  [/sở ngoại vụ/, 'SNGV'],
  [/sở lao động/, 'SLDTBXH'],
  [/thanh tra tỉnh/, 'TTR'],
  [/(ủy|uỷ) ban nhân dân (cấp )?(xã|phường)|ubnd (cấp )?xã|cấp xã/, 'UBND-X'],
  [/(ủy|uỷ) ban nhân dân (cấp )?huyện|ubnd (cấp )?huyện/, 'UBND-H'],
  [
    /(ủy|uỷ) ban nhân dân (cấp )?tỉnh|ubnd (cấp )?tỉnh|(ủy|uỷ) ban nhân dân tỉnh, thành phố|hội đồng nhân dân tỉnh/,
    'UBND-T',
  ],
  [
    /cơ quan chuyên môn|cơ quan chức năng do|giám đốc sở|cơ quan phân cấp|cơ quan quản lý nhà nước về .* cấp tỉnh/,
    'SECTOR',
  ],
];

/** Sector (lĩnh vực) → department. Keys are matched as lower-case prefixes/substrings, first match wins. */
const SECTOR_RULES: Array<[RegExp, string]> = [
  [
    /^đất đai|tài chính đất đai|đo đạc|môi trường|tài nguyên nước|địa chất|khoáng sản|biển và hải đảo|khí tượng|biến đổi khí hậu|bảo tồn thiên nhiên|đa dạng sinh học|tổng hợp/,
    'STNMT',
  ],
  [/kiểm lâm|lâm nghiệp/, 'CCKL'],
  [
    /chăn nuôi|thú y|thủy sản|thuỷ sản|trồng trọt|bảo vệ thực vật|thủy lợi|thuỷ lợi|đê điều|chất lượng nông lâm|nông nghiệp|phát triển nông thôn|kinh tế hợp tác/,
    'SNN',
  ],
  [
    /thành lập và hoạt động (của )?(doanh nghiệp|tổ hợp tác|hợp tác xã)|doanh nghiệp \(hộ kinh doanh\)|đầu tư|đấu thầu|hỗ trợ doanh nghiệp|hỗ trợ tổ hợp tác|oda|đối tác công tư|quản lý doanh nghiệp/,
    'SKHDT',
  ],
  [
    /công sản|quản lý giá|tài chính doanh nghiệp|tài chính ngân hàng|chương trình mục tiêu|tin học - thống kê|dự trữ|bảo hiểm$|chuyển đổi công ty|chứng khoán/,
    'STC',
  ],
  [/hải quan/, 'HQ'],
  [/thuế/, 'THUE'],
  [/kho bạc/, 'KBNN'],
  [/bhxh|bhyt|bảo hiểm xã hội|bảo hiểm y tế|bhtn/, 'BHXH'],
  [/khu công nghiệp|khu kinh tế/, 'BQLKKT'],
  [
    /hoạt động xây dựng|nhà ở|bất động sản|kiến trúc|hạ tầng kỹ thuật|phát triển đô thị|quy hoạch|chất lượng công trình|vật liệu xây dựng/,
    'SXD',
  ],
  [/đường bộ|đường sắt|hàng hải|đường thủy|đăng kiểm/, 'SGTVT'],
  [/kiểm định kỹ thuật an toàn lao động|người có công|giảm nghèo|lao động|bảo trợ xã hội/, 'SLDTBXH'],
  [/thi hành án/, 'THADS'],
  [/tòa án|toà án/, 'TAND'],
  [
    /hộ tịch|chứng thực|công chứng|luật sư|giám định tư pháp|hòa giải|trọng tài|trợ giúp pháp lý|tư vấn pháp luật|quốc tịch|nuôi con nuôi|thừa phát lại|quản tài viên|đấu giá|biện pháp bảo đảm|bồi thường nhà nước|pháp lý/,
    'STP',
  ],
  [/khoa học/, 'SKHCN'],
  [/ngân hàng|ngoại hối|tiền tệ|tín dụng|thanh toán|kho quỹ|hoạt động khác|thông tin tín dụng/, 'NHNN'],
  [/biên giới/, 'BDBP'],
  [
    /nghĩa vụ quân sự|dân quân|tuyển sinh quân sự|quốc phòng|quân sự|cơ yếu|mật mã|công trình quốc phòng|xe - máy quân sự|vùng trời|vật liệu nổ/,
    'BCHQS',
  ],
  [/sự cố tràn dầu/, 'STNMT'],
  [/khám bệnh|y tế/, 'SYT'],
  [/báo chí/, 'STTTT'],
  [/khen thưởng|tổ chức, cán bộ/, 'SNV'],
  [/khiếu nại|tố cáo/, 'TTR'],
];

const FOLDER_DEFAULT: Record<string, string> = {
  'bo-tai-chinh': 'STC',
  'bo-nong-nghiep-mt': 'STNMT',
  'bo-xay-dung': 'SXD',
  'bo-cong-an': 'CAT',
  'bo-tu-phap': 'STP',
  'ngan-hang-nha-nuoc': 'NHNN',
  'toa-an-nhan-dan': 'TAND',
  'bo-quoc-phong': 'BCHQS',
};

/** Police-held sectors whatever their wording (the folder says who publishes them). */
const FOLDER_OVERRIDES: Record<string, string> = { 'bo-cong-an': 'CAT', 'ngan-hang-nha-nuoc': 'NHNN' };

/** Central (vertical) agencies and units that receive dossiers at their own counters, not at the centre. */
const OWN_RECEPTION = new Set([
  'CAT',
  'THUE',
  'HQ',
  'NHNN',
  'KBNN',
  'BHXH',
  'THADS',
  'TAND',
  'BCHQS',
  'BDBP',
  'CVHH',
  'CA-X',
  'BCHQS-X',
  'BP-CK',
]);

/** Commune-level version of a province code, for records carried out at commune level. */
const COMMUNE_EQUIVALENT: Record<string, string> = {
  CAT: 'CA-X',
  BCHQS: 'BCHQS-X',
  BDBP: 'BP-CK',
  VPDKDD: 'CN-VPDKDD',
};

export function sectorDepartment(sector: string, folder = ''): string | undefined {
  const s = norm(sector);
  if (FOLDER_OVERRIDES[folder]) return FOLDER_OVERRIDES[folder];
  for (const [re, code] of SECTOR_RULES) if (re.test(s)) return code;
  return FOLDER_DEFAULT[folder];
}

function splitNames(text: string): string[] {
  if (isNoInfo(text)) return [];
  return text
    .split(/[,;\n]| và các | hoặc /)
    .map((x) => norm(x))
    .filter((x) => x && !isNoInfo(x));
}

/** Agency codes named by a free-text list, in order, virtual codes resolved by sector. */
/** Ministries and central bodies are outside a province's tree (but "Bộ Chỉ huy Quân sự tỉnh" is not). */
const CENTRAL = /^(bộ (?!chỉ huy|tư lệnh|phận|đội)|chính phủ|thủ tướng|chủ tịch nước|quốc hội)/;

export function agenciesNamed(text: string, sector: string, folder = ''): string[] {
  const out: string[] = [];
  for (const name of splitNames(text)) {
    if (CENTRAL.test(name)) continue;
    for (const [re, code] of NAME_RULES) {
      if (!re.test(name)) continue;
      let c: string | undefined = code;
      const dep = sectorDepartment(sector, folder);
      if (code === 'NNMT') c = dep === 'SNN' || dep === 'CCKL' ? dep : 'STNMT';
      else if (code === 'TC') c = dep === 'SKHDT' ? 'SKHDT' : 'STC';
      else if (code === 'SECTOR') c = dep;
      if (c && !out.includes(c)) out.push(c);
      break;
    }
  }
  return out;
}

function fits(code: string, level: AdministrativeLevel): boolean {
  const node = agencyByCode(code);
  if (!node) return false;
  if (level === 'commune') return node.level === 'commune' || node.level === 'district';
  if (level === 'district') return node.level === 'district';
  return node.level === 'province';
}

export interface AgencyResolution {
  /** The agency that carries out the procedure (procedure.json `agency`). */
  agency: string;
  /** Who receives and returns: the centre, the one-stop unit of the district/commune, or the agency itself. */
  reception: string;
  /** Who signs last: the agency's own head, or the chair of the People's Committee (province/commune). */
  signer: string;
  /** The chair of a People's Committee signs after the department (the committee is the competent authority). */
  chairSigns: boolean;
  /** Coordinating agencies of the province tree (liên thông), other than the agency itself. */
  coordinating: string[];
  /** Coordinating agencies named by the record that are not in the province tree (e.g. ministries). */
  outside: string[];
  /** Set when the agency was not named by the record: why this one. */
  defaulted?: string;
}

export interface AgencyInput {
  executing: string;
  authority: string;
  coordinating: string;
  sector: string;
  folder?: string;
}

export function resolveAgency(input: AgencyInput, level: AdministrativeLevel): AgencyResolution {
  const folder = input.folder ?? '';
  const executing = agenciesNamed(input.executing, input.sector, folder);
  const authority = agenciesNamed(input.authority, input.sector, folder);
  const named = [...executing, ...authority];
  let defaulted: string | undefined;
  let agency: string | undefined;
  let chairSigns: boolean;

  const levelled = (codes: string[]): string[] =>
    codes
      .map((c) => (level === 'commune' && !fits(c, level) ? (COMMUNE_EQUIVALENT[c] ?? c) : c))
      .filter((c) => fits(c, level));

  if (level === 'commune') {
    const mine = levelled(executing)[0] ?? levelled(authority)[0];
    // Central agencies (customs, tax, insurance...) list their lowest units as "Cấp xã": the named agency does it.
    const central = named.find((c) => OWN_RECEPTION.has(c) && agencyByCode(c)?.level === 'province');
    if (mine) agency = mine === 'UBND-H' ? 'UBND-X' : mine;
    else if (central) agency = central;
    else {
      const dep = sectorDepartment(input.sector, folder);
      const eq = dep ? COMMUNE_EQUIVALENT[dep] : undefined;
      agency = eq ?? 'UBND-X';
      defaulted = `no commune-level agency named by the record; ${agency} by ${eq ? `sector "${input.sector}"` : 'level'} / không nêu cơ quan cấp xã`;
    }
    chairSigns = agency === 'UBND-X';
  } else {
    const mine =
      levelled(executing).filter((c) => c !== 'UBND-T')[0] ??
      levelled(authority).filter((c) => c !== 'UBND-T')[0];
    const committee = named.includes('UBND-T');
    const dep = sectorDepartment(input.sector, folder);
    if (mine) agency = mine;
    else if (dep && fits(dep, 'province')) {
      agency = dep;
      if (!committee)
        defaulted = `no province agency named by the record; ${dep} by sector "${input.sector}" / theo lĩnh vực`;
    } else {
      agency = committee ? 'UBND-T' : 'STP';
      if (!committee)
        defaulted = `no province agency named and sector "${input.sector}" unmapped; STP / mặc định`;
    }
    // The committee (or its chair) is the competent authority: the department prepares, the chair signs.
    chairSigns = authority.includes('UBND-T') || (executing.includes('UBND-T') && agency !== 'UBND-T');
    if (agency === 'UBND-T') chairSigns = false;
  }

  const reception =
    level === 'commune'
      ? OWN_RECEPTION.has(agency)
        ? agency
        : 'MC-X'
      : level === 'district'
        ? 'MC-H'
        : OWN_RECEPTION.has(agency)
          ? agency
          : 'TTHCC';
  const signer = chairSigns
    ? level === 'commune'
      ? 'UBND-X'
      : level === 'district'
        ? 'UBND-H'
        : 'UBND-T'
    : agency;

  const coordinating: string[] = [];
  const outside: string[] = [];
  for (const name of splitNames(input.coordinating)) {
    const codes = agenciesNamed(name, input.sector, folder);
    const code = codes[0];
    if (!code || !agencyByCode(code)) {
      outside.push(name);
      continue;
    }
    if (code !== agency && code !== reception && !coordinating.includes(code)) coordinating.push(code);
  }
  return {
    agency,
    reception,
    signer,
    chairSigns,
    coordinating,
    outside,
    ...(defaulted ? { defaulted } : {}),
  };
}
