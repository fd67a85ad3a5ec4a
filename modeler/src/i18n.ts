/** Console texts: Vietnamese by default, English available; the choice is remembered in the browser. */
import type { Lang } from './lib/index.js';

const messages = {
  'app.title': {
    vi: 'Một cửa — Trung tâm Phục vụ hành chính công',
    en: 'One-stop — Public Administrative Service Centre',
  },
  'app.otherLanguage': { vi: 'English', en: 'Tiếng Việt' },
  'nav.home': { vi: 'Trang chủ', en: 'Home' },
  'nav.modeler': { vi: 'Vẽ quy trình', en: 'Modeler' },
  'nav.durations': { vi: 'Sửa thời hạn', en: 'Edit durations' },
  'health.title': { vi: 'Tình trạng hệ thống', en: 'System status' },
  'health.component': { vi: 'Thành phần', en: 'Component' },
  'health.state': { vi: 'Trạng thái', en: 'State' },
  'health.detail': { vi: 'Chi tiết', en: 'Detail' },
  'health.unreachable': { vi: 'Không kết nối được máy chủ', en: 'Cannot reach the server' },
  'component.temporal': { vi: 'Temporal (điều phối quy trình)', en: 'Temporal (workflow engine)' },
  'component.postgres': { vi: 'PostgreSQL (cơ sở dữ liệu)', en: 'PostgreSQL (database)' },
  'component.minio': { vi: 'MinIO (lưu trữ hồ sơ số)', en: 'MinIO (document storage)' },
  'component.worker': { vi: 'Worker (xử lý hồ sơ)', en: 'Worker (dossier processing)' },
  'state.ok': { vi: 'Hoạt động', en: 'Healthy' },
  'state.down': { vi: 'Không hoạt động', en: 'Down' },
  'links.procedures': { vi: 'Danh mục thủ tục (API)', en: 'Procedure catalog (API)' },
  'modeler.tab.diagram': { vi: 'Sơ đồ quy trình', en: 'Process diagram' },
  'modeler.tab.metadata': { vi: 'Thông tin thủ tục', en: 'Procedure information' },
  'modeler.new': { vi: 'Tạo mới từ mẫu', en: 'New from template' },
  'modeler.open': { vi: 'Mở tệp .bpmn', en: 'Open .bpmn file' },
  'modeler.download': { vi: 'Tải về .bpmn', en: 'Download .bpmn' },
  'modeler.downloadMetadata': { vi: 'Tải về procedure.json', en: 'Download procedure.json' },
  'modeler.mode.full': { vi: 'Soạn thảo', en: 'Editing' },
  'modeler.mode.duration': { vi: 'Chỉ sửa thời hạn các bước', en: 'Step durations only' },
  'modeler.mode.read-only': { vi: 'Chỉ xem', en: 'Read only' },
  'modeler.durationHint': {
    vi: 'Sơ đồ chỉ để xem. Chọn một bước để sửa thời hạn và ngưỡng cảnh báo.',
    en: 'The diagram is read-only. Select a step to change its duration and warning threshold.',
  },
  'modeler.notAllowed': {
    vi: 'Chế độ này không cho phép thay đổi đó.',
    en: 'This mode does not allow that change.',
  },
  'modeler.importFailed': {
    vi: 'Không mở được tệp BPMN: {detail}',
    en: 'Cannot open the BPMN file: {detail}',
  },
  'modeler.importWarnings': {
    vi: 'Đã mở tệp; {count} nội dung không đọc được đã bị bỏ qua.',
    en: 'File opened; {count} unreadable part(s) were skipped.',
  },
  'problems.title': { vi: 'Kết quả kiểm tra của máy chủ', en: 'Server check results' },
  'problems.none': { vi: 'Máy chủ không phát hiện lỗi.', en: 'The server found no problems.' },
  'problems.summary': {
    vi: '{errors} lỗi, {warnings} cảnh báo, {infos} lưu ý',
    en: '{errors} error(s), {warnings} warning(s), {infos} note(s)',
  },
  'problems.element': { vi: 'Phần tử', en: 'Element' },
  'problems.field': { vi: 'Trường', en: 'Field' },
  'form.add': { vi: 'Thêm', en: 'Add' },
  'form.remove': { vi: 'Xóa', en: 'Remove' },
  'form.required': { vi: 'bắt buộc', en: 'required' },
  'form.valid': { vi: 'Thông tin thủ tục hợp lệ.', en: 'The procedure information is valid.' },
  'form.invalid': { vi: 'Còn {count} chỗ cần sửa.', en: '{count} field(s) need attention.' },
  'durations.save': { vi: 'Lưu và công bố', en: 'Save and publish' },
  'durations.notePlaceholder': { vi: 'Ghi chú thay đổi (bắt buộc)', en: 'Change note (required)' },
  'durations.nothing': { vi: 'Chưa có thời hạn nào thay đổi.', en: 'No duration has changed.' },
  'durations.noteRequired': {
    vi: 'Nhập ghi chú thay đổi trước khi công bố.',
    en: 'Enter a change note before publishing.',
  },
  'durations.invalid': {
    vi: 'Có thời hạn không hợp lệ; sửa các bước được đánh dấu.',
    en: 'Some durations are invalid; fix the marked steps.',
  },
  'durations.published': { vi: 'Đã công bố phiên bản {version}.', en: 'Version {version} published.' },
  'durations.stepList': {
    vi: 'Thủ tục này dùng danh sách bước (steps.json), chưa sửa được trên sơ đồ.',
    en: 'This procedure is a step list (steps.json); it cannot be edited on a diagram yet.',
  },
  'durations.warningInvalid': {
    vi: 'Ngưỡng cảnh báo phải là một phân số giữa 0 và 1 (ví dụ 0,75 = cảnh báo khi đã dùng 75% thời hạn).',
    en: 'A warning threshold is a fraction between 0 and 1 (e.g. 0.75 = warn when 75% of the time is used).',
  },
  'diff.loading': { vi: 'Đang tải hai phiên bản…', en: 'Loading both versions…' },
  'diff.version': { vi: 'Phiên bản {version}', en: 'Version {version}' },
  'diff.noDiagram': {
    vi: 'Phiên bản này dùng danh sách bước, không có sơ đồ.',
    en: 'This version is a step list, without a diagram.',
  },
  'nav.signIn': { vi: 'Đăng nhập', en: 'Sign in' },
  'session.title': { vi: 'Đăng nhập', en: 'Sign in' },
  'session.username': { vi: 'Tên đăng nhập', en: 'Username' },
  'session.password': { vi: 'Mật khẩu', en: 'Password' },
  'session.submit': { vi: 'Đăng nhập', en: 'Sign in' },
  'session.signIn': { vi: 'Đăng nhập', en: 'Sign in' },
  'session.signOut': { vi: 'Đăng xuất', en: 'Sign out' },
  'session.missing': { vi: 'Nhập tên đăng nhập và mật khẩu.', en: 'Enter your username and password.' },
  'session.welcome': { vi: 'Xin chào, {name}.', en: 'Welcome, {name}.' },
  'nav.catalog': { vi: 'Danh mục thủ tục', en: 'Procedures' },
  'nav.myProcedures': { vi: 'Thủ tục của đơn vị', en: 'My agency' },
  'level.province': { vi: 'Cấp tỉnh', en: 'Province' },
  'level.district': { vi: 'Cấp huyện', en: 'District' },
  'level.commune': { vi: 'Cấp xã', en: 'Commune' },
  'level.ministry': { vi: 'Cấp bộ', en: 'Ministry' },
  'level.other': { vi: 'Khác', en: 'Other' },
  'status.published': { vi: 'Đang áp dụng', en: 'Published' },
  'status.draft': { vi: 'Bản nháp', en: 'Draft' },
  'status.retired': { vi: 'Đã bãi bỏ', en: 'Retired' },
  'channel.counter': { vi: 'Trực tiếp', en: 'At the counter' },
  'channel.online': { vi: 'Trực tuyến', en: 'Online' },
  'channel.postal': { vi: 'Qua bưu chính', en: 'By post' },
  'unit.working-day': { vi: 'ngày làm việc', en: 'working days' },
  'unit.working-hour': { vi: 'giờ làm việc', en: 'working hours' },
  'unit.calendar-day': { vi: 'ngày', en: 'calendar days' },
  'catalog.title': { vi: 'Danh mục thủ tục hành chính', en: 'Administrative procedures' },
  'catalog.mine': {
    vi: 'Thủ tục của đơn vị — sửa thời hạn các bước',
    en: "My agency's procedures — edit step durations",
  },
  'catalog.search': { vi: 'Tìm theo mã hoặc tên thủ tục', en: 'Search by code or name' },
  'catalog.any': { vi: 'Mọi cấp', en: 'Any level' },
  'catalog.anyAgency': { vi: 'Mọi cơ quan', en: 'Any agency' },
  'catalog.code': { vi: 'Mã', en: 'Code' },
  'catalog.name': { vi: 'Tên thủ tục', en: 'Name' },
  'catalog.sector': { vi: 'Lĩnh vực', en: 'Sector' },
  'catalog.level': { vi: 'Cấp', en: 'Level' },
  'catalog.agency': { vi: 'Cơ quan', en: 'Agency' },
  'catalog.status': { vi: 'Trạng thái', en: 'Status' },
  'catalog.version': { vi: 'Phiên bản', en: 'Version' },
  'catalog.latest': { vi: 'mới nhất v{version}', en: 'latest v{version}' },
  'catalog.empty': { vi: 'Không có thủ tục nào phù hợp.', en: 'No procedure matches.' },
  'catalog.pageInfo': { vi: '{from}–{to} trên {total}', en: '{from}–{to} of {total}' },
  'catalog.prev': { vi: 'Trước', en: 'Previous' },
  'catalog.next': { vi: 'Sau', en: 'Next' },
  'catalog.noAgency': {
    vi: 'Tài khoản chưa được giao sửa thời hạn cho cơ quan nào.',
    en: 'This account edits durations for no agency.',
  },
  'procedure.download': { vi: 'Tải về', en: 'Download' },
  'procedure.legalDuration': { vi: 'Thời hạn giải quyết', en: 'Legal time limit' },
  'procedure.result': { vi: 'Kết quả', en: 'Result' },
  'procedure.edit': { vi: 'Soạn phiên bản mới', en: 'Edit a new version' },
  'procedure.compare': { vi: 'So sánh', en: 'Compare' },
  'procedure.compareOpen': { vi: 'Xem khác biệt', en: 'Show differences' },
  'procedure.retire': { vi: 'Bãi bỏ thủ tục', en: 'Retire procedure' },
  'procedure.retireReason': { vi: 'Lý do bãi bỏ', en: 'Reason for retiring' },
  'procedure.retireReasonRequired': { vi: 'Nhập lý do bãi bỏ.', en: 'Enter the reason for retiring.' },
  'procedure.retireConfirm': {
    vi: 'Bãi bỏ thủ tục {code}? Hồ sơ mới sẽ không được tiếp nhận.',
    en: 'Retire procedure {code}? New dossiers will no longer be accepted.',
  },
  'procedure.versions': { vi: 'Các phiên bản', en: 'Versions' },
  'procedure.changeNote': { vi: 'Ghi chú thay đổi', en: 'Change note' },
  'procedure.by': { vi: 'Người thực hiện', en: 'By' },
  'procedure.when': { vi: 'Thời điểm', en: 'When' },
  'procedure.noVersions': { vi: 'Chưa có phiên bản nào.', en: 'No version yet.' },
  'publish.saveDraft': { vi: 'Lưu bản nháp', en: 'Save draft' },
  'publish.validate': { vi: 'Kiểm tra', en: 'Validate' },
  'publish.publish': { vi: 'Công bố', en: 'Publish' },
  'publish.notePlaceholder': { vi: 'Ghi chú thay đổi (bắt buộc khi công bố)', en: 'Change note (required to publish)' },
  'publish.noteRequired': { vi: 'Nhập ghi chú thay đổi trước khi công bố.', en: 'Enter a change note before publishing.' },
  'publish.saved': { vi: 'Đã lưu bản nháp {code} phiên bản {version}.', en: 'Draft {code} version {version} saved.' },
  'publish.savedWithErrors': {
    vi: 'Đã lưu bản nháp {code} phiên bản {version}; còn {errors} lỗi phải sửa trước khi công bố.',
    en: 'Draft {code} version {version} saved; {errors} error(s) to fix before publishing.',
  },
  'publish.valid': { vi: 'Máy chủ kiểm tra: quy trình hợp lệ.', en: 'Server check: the model is valid.' },
  'publish.invalid': { vi: 'Máy chủ kiểm tra: còn {errors} lỗi.', en: 'Server check: {errors} error(s).' },
  'publish.published': { vi: 'Đã công bố {code} phiên bản {version}.', en: '{code} version {version} published.' },
  'publish.needCode': {
    vi: 'Điền mã, cấp và cơ quan của thủ tục (thẻ Thông tin thủ tục) trước khi lưu.',
    en: 'Fill in the code, level and agency (Procedure information tab) before saving.',
  },
  'publish.editing': { vi: 'Đang soạn: {code} v{version} (nháp)', en: 'Editing: {code} v{version} (draft)' },
  'publish.newDraft': { vi: 'Bản nháp mới (chưa lưu)', en: 'New draft (not saved)' },
  'publish.openProcedure': { vi: 'Xem thủ tục', en: 'Open procedure' },
  'publish.signInToSave': {
    vi: 'Đăng nhập với vai trò người công bố để lưu và công bố lên máy chủ.',
    en: 'Sign in as a publisher to save and publish on the server.',
  },
  'api.unavailable': {
    vi: 'Chức năng này cần máy chủ (API thủ tục) — chưa sẵn sàng.',
    en: 'This needs the server (procedures API) — not available yet.',
  },
} as const;

export type MessageKey = keyof typeof messages;

const STORAGE_KEY = 'motcua.lang';
let language: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
const listeners = new Set<(lang: Lang) => void>();

export function lang(): Lang {
  return language;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const m = messages[key] as { vi: string; en: string } | undefined;
  const text = m ? m[language] : key;
  return text.replace(/\{(\w+)\}/g, (whole, k: string) =>
    params[k] === undefined ? whole : String(params[k]),
  );
}

export function setLanguage(next: Lang): void {
  if (next === language) return;
  language = next;
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  for (const l of listeners) l(language);
}

export function toggleLanguage(): void {
  setLanguage(language === 'vi' ? 'en' : 'vi');
}

/** Be told when the language changes; returns the unsubscribe function. */
export function onLanguageChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
