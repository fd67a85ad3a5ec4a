/**
 * Vietnamese for the texts bpmn-js, diagram-js, the properties panel and bpmn-js-bpmnlint pass through their
 * `translate` service (palette, context pad, replace menu, panel groups and headers, lint button), plus the
 * console's own palette and context-pad titles. English is the libraries' own text. Texts not listed stay English.
 */
import type { Lang } from './text.js';

export const BPMN_VI: Readonly<Record<string, string>> = {
  // palette and tools
  'Activate hand tool': 'Công cụ kéo khung nhìn',
  'Activate lasso tool': 'Công cụ chọn vùng',
  'Activate create/remove space tool': 'Công cụ thêm/bớt khoảng trống',
  'Activate global connect tool': 'Công cụ nối luồng',
  'Create start event': 'Thêm sự kiện bắt đầu',
  'Create end event': 'Thêm sự kiện kết thúc',
  'Create user task': 'Thêm bước xử lý (user task)',
  'Create service task': 'Thêm tác vụ tự động (service task)',
  'Create call activity': 'Thêm gọi thủ tục khác (liên thông)',
  'Create exclusive gateway': 'Thêm cổng rẽ nhánh (exclusive)',
  'Create parallel gateway': 'Thêm cổng song song (parallel)',
  'Create inclusive gateway': 'Thêm cổng bao hàm (inclusive)',
  'Create timer event': 'Thêm hẹn giờ (thả lên cạnh một bước để gắn vào bước đó)',
  // context pad
  'Append end event': 'Nối sự kiện kết thúc',
  'Append gateway': 'Nối cổng rẽ nhánh',
  'Append user task': 'Nối bước xử lý',
  'Append timer event': 'Nối hẹn giờ',
  'Change element': 'Đổi loại phần tử',
  Delete: 'Xóa',
  'Connect to other element': 'Nối tới phần tử khác',
  'Search in diagram': 'Tìm trong sơ đồ',
  'Toggle non-interrupting': 'Bật/tắt không ngắt bước',
  // replace menu and element types (the panel header uses the spaced type names)
  'Start event': 'Sự kiện bắt đầu',
  'End event': 'Sự kiện kết thúc',
  'User task': 'Bước xử lý (user task)',
  'Service task': 'Tác vụ tự động (service task)',
  'Call activity': 'Gọi thủ tục (call activity)',
  'Exclusive gateway': 'Cổng rẽ nhánh (exclusive)',
  'Parallel gateway': 'Cổng song song (parallel)',
  'Inclusive gateway': 'Cổng bao hàm (inclusive)',
  'Timer intermediate catch event': 'Hẹn giờ',
  'Timer boundary event': 'Hẹn giờ trên bước (ngắt bước)',
  'Timer boundary event (non-interrupting)': 'Hẹn giờ trên bước (không ngắt bước)',
  'Sequence flow': 'Luồng',
  'Default flow': 'Luồng mặc định',
  'Conditional flow': 'Luồng có điều kiện',
  'Start Event': 'Sự kiện bắt đầu',
  'End Event': 'Sự kiện kết thúc',
  'User Task': 'Bước xử lý',
  'Service Task': 'Tác vụ tự động',
  'Call Activity': 'Gọi thủ tục (liên thông)',
  'Exclusive Gateway': 'Cổng rẽ nhánh',
  'Parallel Gateway': 'Cổng song song',
  'Inclusive Gateway': 'Cổng bao hàm',
  'Timer Intermediate Catch Event': 'Hẹn giờ',
  'Timer Boundary Event': 'Hẹn giờ trên bước',
  'Timer Boundary Event (Non Interrupting)': 'Hẹn giờ trên bước (không ngắt)',
  'Sequence Flow': 'Luồng',
  'Default Flow': 'Luồng mặc định',
  'Conditional Flow': 'Luồng có điều kiện',
  Process: 'Quy trình',
  Task: 'Tác vụ chung (chưa hỗ trợ)',
  // properties panel
  General: 'Thông tin chung',
  Name: 'Tên',
  ID: 'Mã phần tử (ID)',
  'Process name': 'Tên quy trình',
  'Process ID': 'Mã quy trình',
  Executable: 'Chạy được',
  Documentation: 'Ghi chú',
  'Element documentation': 'Ghi chú phần tử',
  'Process documentation': 'Ghi chú quy trình',
  'Select an element to edit its properties.': 'Chọn một phần tử để sửa thuộc tính.',
  'Multiple elements are selected. Select a single element to edit its properties.':
    'Đang chọn nhiều phần tử. Chọn một phần tử để sửa thuộc tính.',
  'ID must not be empty.': 'Mã phần tử không được để trống.',
  'ID must be unique.': 'Mã phần tử bị trùng.',
  'ID must not contain spaces.': 'Mã phần tử không được có dấu cách.',
  'ID must be a valid QName.': 'Mã phần tử phải bắt đầu bằng chữ, gồm chữ, số, "_" hoặc "-".',
  'ID must not contain prefix.': 'Mã phần tử không được có tiền tố.',
  'Create new list item': 'Thêm mục',
  'Delete item': 'Xóa mục',
  'Toggle list item': 'Mở/đóng mục',
  'Toggle section': 'Mở/đóng nhóm',
  'Open documentation': 'Mở tài liệu',
  '<none>': '<không có>',
  'Condition expression': 'Điều kiện (FEEL)',
  Condition: 'Điều kiện',
  // bpmn-js-bpmnlint
  '{errors} Errors, {warnings} Warnings': '{errors} lỗi, {warnings} cảnh báo',
  'No Issues': 'Không có lỗi',
  'Toggle linting overlays': 'Bật/tắt kiểm tra trực tiếp',
  'Issues for child elements': 'Lỗi của các phần tử con',
};

/** The translate function bpmn-js expects: template + `{name}` replacements. */
export function translateBpmn(
  lang: Lang,
  template: string,
  replacements: Record<string, string> = {},
): string {
  const text = lang === 'vi' ? (BPMN_VI[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
}
