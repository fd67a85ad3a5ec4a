/** Console texts: Vietnamese by default, English available. */
const messages = {
  'app.title': { vi: 'Một cửa — Trung tâm Phục vụ hành chính công', en: 'One-stop — Public Administrative Service Centre' },
  'app.otherLanguage': { vi: 'English', en: 'Tiếng Việt' },
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
} as const;

export type MessageKey = keyof typeof messages;
type Language = 'vi' | 'en';

let language: Language = (localStorage.getItem('motcua.lang') as Language | null) ?? 'vi';

export function t(key: MessageKey): string {
  const m = messages[key] as { vi: string; en: string } | undefined;
  return m ? m[language] : key;
}

export function toggleLanguage(): void {
  language = language === 'vi' ? 'en' : 'vi';
  localStorage.setItem('motcua.lang', language);
}
