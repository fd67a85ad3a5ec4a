/**
 * Diagnostics: the compiler's only output channel for problems. Every code is stable (documented in
 * docs/models.md) and carries a Vietnamese and an English message and, where one exists, a fix.
 */
import type { LocalizedText } from '../ir/index.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  code: string;
  /** Vietnamese. */
  message: string;
  messageEn: string;
  /** BPMN element id (or step-list item id). */
  elementId?: string;
  /** JSON Pointer (RFC 6901) into procedure.json or steps.json, e.g. `/steps/2/role`. */
  path?: string;
  fix?: LocalizedText;
  file?: string;
}

interface CodeSpec {
  severity: Severity;
  vi: string;
  en: string;
  fixVi?: string;
  fixEn?: string;
}

/**
 * The code table. Messages are templates: `{name}` is replaced by the parameter of that name.
 * Codes never change meaning; retired codes are not reused.
 */
export const CODES = {
  // ---- input, files, XML (MC0xx) ----
  MC001: {
    severity: 'error',
    vi: 'Tệp mô hình quá lớn: {size} byte, vượt giới hạn {limit} byte.',
    en: 'Model file too large: {size} bytes, over the limit of {limit} bytes.',
    fixVi:
      'Giảm kích thước mô hình (bỏ phần tử thừa, tách quy trình) hoặc tăng giới hạn MOTCUA_MAX_MODEL_BYTES.',
    fixEn:
      'Make the model smaller (remove unused elements, split the procedure) or raise MOTCUA_MAX_MODEL_BYTES.',
  },
  MC002: {
    severity: 'error',
    vi: 'Không cho phép khai báo DOCTYPE hoặc ENTITY trong tệp BPMN (nguy cơ XXE / bom thực thể).',
    en: 'DOCTYPE and ENTITY declarations are not allowed in BPMN files (XXE / entity-expansion risk).',
    fixVi: 'Xóa khai báo <!DOCTYPE ...>; tệp BPMN không bao giờ cần nó.',
    fixEn: 'Remove the <!DOCTYPE ...> declaration; BPMN files never need one.',
  },
  MC003: {
    severity: 'error',
    vi: 'XML không hợp lệ: {detail}',
    en: 'Malformed XML: {detailEn}',
    fixVi: 'Mở và lưu lại tệp bằng công cụ vẽ BPMN, hoặc sửa XML tại vị trí được chỉ ra.',
    fixEn: 'Open and save the file again in a BPMN modeler, or fix the XML at the position shown.',
  },
  MC004: {
    severity: 'error',
    vi: 'Không phải tài liệu BPMN 2.0: phần tử gốc là <{root}>.',
    en: 'Not a BPMN 2.0 document: the root element is <{root}>.',
    fixVi: 'Xuất mô hình dưới dạng BPMN 2.0 XML (namespace http://www.omg.org/spec/BPMN/20100524/MODEL).',
    fixEn: 'Export the model as BPMN 2.0 XML (namespace http://www.omg.org/spec/BPMN/20100524/MODEL).',
  },
  MC005: {
    severity: 'error',
    vi: 'Mô hình có quá nhiều phần tử XML ({count}, giới hạn {limit}; bốn thuộc tính tính như một phần tử).',
    en: 'The model has too many XML elements ({count}, limit {limit}; every four attributes count as one element).',
    fixVi: 'Tách thủ tục thành các thủ tục nhỏ hơn gọi nhau bằng call activity.',
    fixEn: 'Split the procedure into smaller procedures that call each other through call activities.',
  },
  MC006: {
    severity: 'error',
    vi: 'Tài liệu BPMN không có quy trình (process) nào chứa phần tử luồng.',
    en: 'The BPMN document has no process with flow elements.',
    fixVi: 'Vẽ quy trình gồm sự kiện bắt đầu, các bước và sự kiện kết thúc.',
    fixEn: 'Draw a process with a start event, the steps and an end event.',
  },
  MC007: {
    severity: 'error',
    vi: 'Có nhiều quy trình chứa phần tử luồng ({ids}); không xác định được quy trình cần chạy.',
    en: 'Several processes have flow elements ({ids}); cannot tell which one to run.',
    fixVi: 'Đánh dấu đúng một quy trình isExecutable="true", hoặc chỉ giữ một pool có quy trình.',
    fixEn: 'Mark exactly one process isExecutable="true", or keep a single pool with a process.',
  },
  MC008: {
    severity: 'warning',
    vi: 'Bộ đọc BPMN đã bỏ qua nội dung không hiểu được: {detail}',
    en: 'The BPMN reader skipped content it does not understand: {detailEn}',
  },
  MC009: {
    severity: 'error',
    vi: 'Tham chiếu tới phần tử không tồn tại: "{ref}".',
    en: 'Reference to a missing element: "{ref}".',
    fixVi: 'Sửa hoặc xóa tham chiếu (thường là sourceRef/targetRef của luồng hoặc thuộc tính default).',
    fixEn: 'Fix or remove the reference (usually a flow sourceRef/targetRef or a default attribute).',
  },
  MC010: {
    severity: 'error',
    vi: 'Trùng id "{id}": mỗi phần tử phải có id riêng.',
    en: 'Duplicate id "{id}": every element needs its own id.',
    fixVi: 'Đổi id của một trong các phần tử trùng.',
    fixEn: 'Rename one of the elements that share the id.',
  },
  MC011: {
    severity: 'error',
    vi: 'Không đọc được tệp: {detail}',
    en: 'Cannot read the file: {detailEn}',
    fixVi: 'Lưu tệp ở dạng văn bản UTF-8.',
    fixEn: 'Save the file as UTF-8 text.',
  },
  MC012: {
    severity: 'error',
    vi: 'Không tìm thấy tệp mô hình "{file}".',
    en: 'Model file "{file}" not found.',
    fixVi:
      'Đặt tệp mô hình (process.bpmn hoặc steps.json) cạnh procedure.json và ghi tên nó vào trường "model".',
    fixEn:
      'Put the model file (process.bpmn or steps.json) beside procedure.json and name it in the "model" field.',
  },
  MC013: {
    severity: 'error',
    vi: 'Loại tệp mô hình không được hỗ trợ: "{file}" (cần .bpmn hoặc .json).',
    en: 'Unsupported model file type: "{file}" (expected .bpmn or .json).',
    fixVi: 'Dùng process.bpmn (BPMN 2.0) hoặc steps.json (danh sách bước).',
    fixEn: 'Use process.bpmn (BPMN 2.0) or steps.json (step list).',
  },
  MC014: {
    severity: 'error',
    vi: 'JSON không hợp lệ: {detail}',
    en: 'Invalid JSON: {detailEn}',
    fixVi: 'Sửa cú pháp JSON (dấu phẩy, ngoặc, dấu nháy kép).',
    fixEn: 'Fix the JSON syntax (commas, brackets, double quotes).',
  },
  MC015: {
    severity: 'error',
    vi: 'Thư mục không có procedure.json.',
    en: 'The folder has no procedure.json.',
    fixVi: 'Thêm procedure.json mô tả thủ tục (xem procedure-models/schemas/procedure.schema.json).',
    fixEn:
      'Add a procedure.json describing the procedure (see procedure-models/schemas/procedure.schema.json).',
  },
  MC016: {
    severity: 'error',
    vi: 'Trường "model" phải là tên một tệp trong thư mục thủ tục, không được là "{file}".',
    en: 'The "model" field must name a file inside the procedure folder, not "{file}".',
    fixVi: 'Ghi tên tệp đơn thuần, ví dụ "process.bpmn" hoặc "steps.json".',
    fixEn: 'Give a plain file name, e.g. "process.bpmn" or "steps.json".',
  },
  MC017: {
    severity: 'info',
    vi: 'Không có procedure.json cạnh mô hình: chỉ kiểm tra mô hình, bỏ qua kiểm tra thời hạn pháp định và không tính mã băm.',
    en: 'No procedure.json beside the model: the model alone was checked; legal-duration checks skipped and no hash.',
    fixVi: 'Đặt mô hình trong thư mục có procedure.json để biên dịch đầy đủ.',
    fixEn: 'Put the model in a folder with a procedure.json for a full compile.',
  },
  MC018: {
    severity: 'warning',
    vi: 'Bỏ qua {count} luồng thông điệp (message flow) và các pool không có quy trình: hệ thống chỉ chạy quy trình "{process}".',
    en: 'Ignored {count} message flow(s) and pools without a process: only process "{process}" runs.',
    fixVi: 'Trao đổi với cơ quan khác bằng call activity (liên thông) thay cho luồng thông điệp.',
    fixEn: 'Model exchanges with other agencies as call activities (inter-agency) instead of message flows.',
  },
  MC019: {
    severity: 'info',
    vi: 'Bỏ qua phần mở rộng của công cụ khác: {prefixes}.',
    en: 'Ignored extensions of other tools: {prefixes}.',
  },
  MC020: {
    severity: 'error',
    vi: 'Quy trình có quá nhiều nút ({count}, giới hạn {limit}).',
    en: 'The process has too many nodes ({count}, limit {limit}).',
    fixVi: 'Tách thủ tục thành các thủ tục nhỏ hơn gọi nhau bằng call activity.',
    fixEn: 'Split the procedure into smaller procedures that call each other through call activities.',
  },

  MC021: {
    severity: 'error',
    vi: 'Tệp có quá nhiều phần tử không thuộc BPMN hoặc văn bản đặt sai chỗ ({count}, giới hạn {limit}): không phải mô hình dùng được.',
    en: 'The file has too many non-BPMN elements or misplaced texts ({count}, limit {limit}): not a usable model.',
    fixVi:
      'Xuất lại mô hình dưới dạng BPMN 2.0 XML từ công cụ vẽ; phần mở rộng của công cụ phải nằm trong <extensionElements>.',
    fixEn: 'Export the model again as BPMN 2.0 XML; tool extensions belong inside <extensionElements>.',
  },

  MC022: {
    severity: 'error',
    vi: 'Luồng "{id}" thiếu điểm đầu hoặc điểm cuối (sourceRef/targetRef).',
    en: 'Flow "{id}" has no source or no target (sourceRef/targetRef).',
    fixVi: 'Nối luồng vào hai phần tử của quy trình hoặc xóa nó.',
    fixEn: 'Connect the flow to two elements of the process or delete it.',
  },

  // ---- procedure.json (MC1xx) ----
  MC101: {
    severity: 'error',
    vi: 'procedure.json không hợp lệ tại {at}: {detail}',
    en: 'procedure.json is invalid at {at}: {detailEn}',
    fixVi: 'Sửa theo procedure-models/schemas/procedure.schema.json.',
    fixEn: 'Fix it according to procedure-models/schemas/procedure.schema.json.',
  },
  MC102: {
    severity: 'error',
    vi: 'Trùng id thành phần hồ sơ "{id}".',
    en: 'Duplicate dossier component id "{id}".',
    fixVi: 'Đặt id riêng cho từng thành phần hồ sơ.',
    fixEn: 'Give each dossier component its own id.',
  },
  MC103: {
    severity: 'error',
    vi: 'Cách thức thực hiện "{channel}" được khai báo nhiều lần.',
    en: 'Channel "{channel}" is listed more than once.',
    fixVi: 'Gộp thành một mục cho mỗi cách thức (trực tiếp, trực tuyến, bưu chính).',
    fixEn: 'Keep one entry per channel (counter, online, postal).',
  },
  MC104: {
    severity: 'error',
    vi: 'Ngày hết hiệu lực {validTo} trước ngày có hiệu lực {validFrom}.',
    en: 'validTo {validTo} is before validFrom {validFrom}.',
    fixVi: 'Sửa validFrom/validTo.',
    fixEn: 'Fix validFrom/validTo.',
  },
  MC105: {
    severity: 'error',
    vi: 'Ngày "{value}" không tồn tại.',
    en: 'Date "{value}" does not exist.',
    fixVi: 'Dùng dạng YYYY-MM-DD với ngày có thật.',
    fixEn: 'Use YYYY-MM-DD with a real date.',
  },

  // ---- step lists (MC2xx) ----
  MC201: {
    severity: 'error',
    vi: 'steps.json không hợp lệ tại {at}: {detail}',
    en: 'steps.json is invalid at {at}: {detailEn}',
    fixVi: 'Sửa theo procedure-models/schemas/steps.schema.json.',
    fixEn: 'Fix it according to procedure-models/schemas/steps.schema.json.',
  },
  MC202: {
    severity: 'error',
    vi: 'Trùng id "{id}" trong danh sách bước.',
    en: 'Duplicate id "{id}" in the step list.',
    fixVi: 'Đặt id riêng cho từng bước, nhóm song song và quyết định.',
    fixEn: 'Give every step, parallel group and decision its own id.',
  },
  MC203: {
    severity: 'error',
    vi: 'Id "{id}" được hệ thống dành riêng.',
    en: 'Id "{id}" is reserved.',
    fixVi: 'Không dùng "start", "end", "end_…" hoặc id kết thúc bằng "_join".',
    fixEn: 'Do not use "start", "end", "end_…" or ids ending in "_join".',
  },
  MC204: {
    severity: 'error',
    vi: 'Danh sách bước chỉ được có một quyết định; mô hình phức tạp hơn hãy vẽ bằng BPMN.',
    en: 'A step list may have only one decision; draw more complex models in BPMN.',
    fixVi: 'Giữ một quyết định hoặc chuyển sang process.bpmn.',
    fixEn: 'Keep one decision or move to process.bpmn.',
  },
  MC205: {
    severity: 'warning',
    vi: 'Quyết định "{id}" không có nhánh "otherwise": hồ sơ không khớp nhánh nào sẽ bị dừng chờ xử lý sự cố.',
    en: 'Decision "{id}" has no "otherwise" branch: a dossier that matches no branch stops with an incident.',
    fixVi: 'Thêm "otherwise" (nhánh mặc định).',
    fixEn: 'Add an "otherwise" (default) branch.',
  },

  // ---- BPMN elements and the motcua extension (MC3xx) ----
  MC301: {
    severity: 'error',
    vi: 'Phần tử {type} không được hỗ trợ.',
    en: 'Element {type} is not supported.',
    fixVi: '{fixVi}',
    fixEn: '{fixEn}',
  },
  MC302: {
    severity: 'error',
    vi: 'Bước "{name}" chưa có vai trò xử lý (motcua:role).',
    en: 'Task "{name}" has no role (motcua:role).',
    fixVi: 'Đặt motcua:role, ví dụ "specialist" (chuyên viên).',
    fixEn: 'Set motcua:role, e.g. "specialist".',
  },
  MC303: {
    severity: 'error',
    vi: 'Danh sách kết quả xử lý (motcua:outcomes) "{value}" không hợp lệ: {detail}',
    en: 'Outcome list (motcua:outcomes) "{value}" is invalid: {detailEn}',
    fixVi:
      'Liệt kê các kết quả cách nhau bởi dấu phẩy, mỗi kết quả gồm chữ, số, "-" hoặc "_", ví dụ "approve,refuse".',
    fixEn:
      'List outcomes separated by commas, each made of letters, digits, "-" or "_", e.g. "approve,refuse".',
  },
  MC304: {
    severity: 'error',
    vi: 'Tác vụ dịch vụ "{name}" chưa chỉ định plugin (motcua:plugin).',
    en: 'Service task "{name}" names no plugin (motcua:plugin).',
    fixVi: 'Đặt motcua:plugin, ví dụ "notify.webhook".',
    fixEn: 'Set motcua:plugin, e.g. "notify.webhook".',
  },
  MC305: {
    severity: 'error',
    vi: 'Call activity "{name}" chưa chỉ định thủ tục được gọi (motcua:procedure).',
    en: 'Call activity "{name}" names no called procedure (motcua:procedure).',
    fixVi: 'Đặt motcua:procedure là mã thủ tục được gọi, ví dụ "1.001193".',
    fixEn: 'Set motcua:procedure to the called procedure code, e.g. "1.001193".',
  },
  MC306: {
    severity: 'warning',
    vi: 'Sự kiện kết thúc "{name}" chưa có kết quả (motcua:outcome); mặc định là "returned" (trả kết quả).',
    en: 'End event "{name}" has no outcome (motcua:outcome); "returned" is assumed.',
    fixVi: 'Đặt motcua:outcome: returned, refused, withdrawn hoặc stopped.',
    fixEn: 'Set motcua:outcome: returned, refused, withdrawn or stopped.',
  },
  MC307: {
    severity: 'error',
    vi: 'Kết quả kết thúc "{value}" không hợp lệ.',
    en: 'End outcome "{value}" is invalid.',
    fixVi: 'Dùng một trong: returned, refused, withdrawn, stopped.',
    fixEn: 'Use one of: returned, refused, withdrawn, stopped.',
  },
  MC310: {
    severity: 'error',
    vi: 'Ánh xạ đầu vào của plugin không hợp lệ: {detail}',
    en: 'Invalid plugin input mapping: {detailEn}',
    fixVi:
      'Mỗi <motcua:input> cần target (trường đầu vào) và source (biểu thức FEEL), target không trùng nhau.',
    fixEn:
      'Each <motcua:input> needs a target (input field) and a source (FEEL expression), with distinct targets.',
  },
  MC311: {
    severity: 'error',
    vi: 'Hẹn giờ "{name}" không dùng được: {detail}',
    en: 'Timer "{name}" cannot be used: {detailEn}',
    fixVi: 'Dùng motcua:duration + motcua:durationUnit (hoặc motcua:slaFraction cho sự kiện biên).',
    fixEn: 'Use motcua:duration + motcua:durationUnit (or motcua:slaFraction on a boundary event).',
  },
  MC312: {
    severity: 'error',
    vi: 'Sự kiện hẹn giờ "{name}" chưa có thời hạn (motcua:duration hoặc motcua:slaFraction).',
    en: 'Timer event "{name}" has no time (motcua:duration or motcua:slaFraction).',
    fixVi: 'Đặt motcua:duration (ví dụ 1, đơn vị working-day) hoặc motcua:slaFraction (ví dụ 0.75).',
    fixEn: 'Set motcua:duration (e.g. 1, unit working-day) or motcua:slaFraction (e.g. 0.75).',
  },
  MC313: {
    severity: 'error',
    vi: 'motcua:slaFraction "{value}" phải là số lớn hơn 0 và không quá 10.',
    en: 'motcua:slaFraction "{value}" must be a number above 0 and at most 10.',
    fixVi: 'Ví dụ 0.75 (cảnh báo ở 75% thời hạn) hoặc 1 (đến hạn).',
    fixEn: 'E.g. 0.75 (warn at 75% of the time limit) or 1 (due).',
  },
  MC314: {
    severity: 'error',
    vi: 'Sự kiện biên "{name}" tính theo tỷ lệ thời hạn nhưng phần tử gắn kèm không có thời hạn.',
    en: 'Boundary event "{name}" uses a fraction of the SLA but the element it is attached to has no SLA.',
    fixVi: 'Dùng motcua:duration cho sự kiện biên, hoặc đặt motcua:duration cho phần tử gắn kèm.',
    fixEn: 'Use motcua:duration on the boundary event, or give the attached element a motcua:duration.',
  },
  MC315: {
    severity: 'info',
    vi: 'Thời hạn ISO 8601 "{value}" của "{name}" được hiểu là {amount} ngày lịch.',
    en: 'ISO 8601 duration "{value}" of "{name}" is read as {amount} calendar day(s).',
    fixVi: 'Dùng motcua:duration với durationUnit="working-day" nếu cần tính theo ngày làm việc.',
    fixEn: 'Use motcua:duration with durationUnit="working-day" to count working days.',
  },
  MC316: {
    severity: 'error',
    vi: 'Giá trị "{value}" của {attribute} không hợp lệ: {detail}',
    en: 'Value "{value}" of {attribute} is invalid: {detailEn}',
  },

  // ---- structure (MC4xx) ----
  MC401: {
    severity: 'error',
    vi: 'Không thể đi tới "{name}" từ sự kiện bắt đầu.',
    en: '"{name}" cannot be reached from the start event.',
    fixVi: 'Nối phần tử vào luồng chính hoặc xóa nó.',
    fixEn: 'Connect the element to the main flow or delete it.',
  },
  MC402: {
    severity: 'error',
    vi: 'Từ "{name}" không có đường nào tới sự kiện kết thúc (hồ sơ sẽ bị kẹt).',
    en: 'No path leads from "{name}" to an end event (dossiers would be stuck).',
    fixVi: 'Thêm luồng từ phần tử (hoặc vòng lặp chứa nó) tới một sự kiện kết thúc.',
    fixEn: 'Add a flow from the element (or the loop around it) to an end event.',
  },
  MC403: {
    severity: 'error',
    vi: 'Các nhánh tách ra tại cổng "{name}" không hợp lại tại một cổng {kindVi} tương ứng.',
    en: 'The branches split at gateway "{name}" do not join again at one matching {kind} gateway.',
    fixVi: 'Đưa tất cả các nhánh về một cổng hợp cùng loại trước khi tiếp tục hoặc kết thúc.',
    fixEn: 'Bring every branch to one joining gateway of the same kind before going on or ending.',
  },
  MC404: {
    severity: 'error',
    vi: 'Cổng hợp "{name}" chờ các nhánh không cùng xuất phát từ một cổng tách {kindVi} (hồ sơ sẽ bị kẹt).',
    en: 'Join gateway "{name}" waits for branches that do not come from one {kind} split (dossiers would deadlock).',
    fixVi: 'Dùng cổng loại exclusive để hợp các nhánh rẽ, hoặc nối đúng các nhánh của cổng tách.',
    fixEn: 'Merge alternative branches with an exclusive gateway, or join exactly the branches of the split.',
  },
  MC405: {
    severity: 'error',
    vi: 'Cổng hợp "{name}" có nhiều luồng vào từ cùng một nhánh của cổng tách "{split}": chỉ một trong số đó được đi, nên cổng hợp chờ mãi.',
    en: 'Join gateway "{name}" has several incoming flows from the same branch of split "{split}": only one of them is taken, so the join waits forever.',
    fixVi: 'Hợp các luồng rẽ của nhánh đó bằng cổng exclusive trước, rồi mới nối vào cổng hợp.',
    fixEn: "Merge that branch's alternatives with an exclusive gateway first, then connect it to the join.",
  },
  MC410: {
    severity: 'error',
    vi: 'Luồng "{name}" ra khỏi cổng rẽ nhánh "{gateway}" không có điều kiện và không phải luồng mặc định.',
    en: 'Flow "{name}" leaving decision gateway "{gateway}" has no condition and is not the default flow.',
    fixVi: 'Thêm điều kiện FEEL (ví dụ outcome = "approve") hoặc đặt luồng làm mặc định.',
    fixEn: 'Add a FEEL condition (e.g. outcome = "approve") or make it the default flow.',
  },
  MC411: {
    severity: 'warning',
    vi: 'Luồng mặc định "{name}" có điều kiện; điều kiện này bị bỏ qua.',
    en: 'Default flow "{name}" has a condition; the condition is ignored.',
    fixVi: 'Xóa điều kiện của luồng mặc định.',
    fixEn: 'Remove the condition from the default flow.',
  },
  MC412: {
    severity: 'warning',
    vi: 'Cổng rẽ nhánh "{name}" không có luồng mặc định: hồ sơ không khớp điều kiện nào sẽ bị dừng chờ xử lý sự cố.',
    en: 'Decision gateway "{name}" has no default flow: a dossier matching no condition stops with an incident.',
    fixVi: 'Đặt một luồng ra làm luồng mặc định.',
    fixEn: 'Make one outgoing flow the default flow.',
  },
  MC413: {
    severity: 'error',
    vi: 'Luồng "{name}" có điều kiện nhưng xuất phát từ "{source}" không phải cổng exclusive/inclusive; điều kiện sẽ không được xét.',
    en: 'Flow "{name}" has a condition but leaves "{source}", which is not an exclusive/inclusive gateway; the condition would be ignored.',
    fixVi: 'Đặt một cổng exclusive sau phần tử và chuyển điều kiện sang các luồng ra của cổng.',
    fixEn: 'Put an exclusive gateway after the element and move the condition to its outgoing flows.',
  },
  MC414: {
    severity: 'error',
    vi: 'Luồng mặc định của cổng "{name}" không phải là luồng ra của cổng này.',
    en: 'The default flow of gateway "{name}" is not one of its outgoing flows.',
    fixVi: 'Chọn lại luồng mặc định trong số các luồng ra của cổng.',
    fixEn: "Choose the default among the gateway's outgoing flows.",
  },

  // ---- durations and SLA (MC5xx) ----
  MC501: {
    severity: 'error',
    vi: '"{name}" chưa có thời hạn xử lý (motcua:duration).',
    en: '"{name}" has no duration (motcua:duration).',
    fixVi:
      'Đặt motcua:duration (ví dụ 0.5) và motcua:durationUnit (working-day, working-hour hoặc calendar-day).',
    fixEn:
      'Set motcua:duration (e.g. 0.5) and motcua:durationUnit (working-day, working-hour or calendar-day).',
  },
  MC502: {
    severity: 'error',
    vi: 'Thời hạn "{value}" của "{name}" phải là số dương.',
    en: 'Duration "{value}" of "{name}" must be a positive number.',
    fixVi: 'Dùng số dương, có thể là số thập phân như 0.5 hoặc 0,25.',
    fixEn: 'Use a positive number; fractions such as 0.5 or 0,25 are fine.',
  },
  MC503: {
    severity: 'error',
    vi: 'Đơn vị thời hạn "{value}" của "{name}" không hợp lệ.',
    en: 'Duration unit "{value}" of "{name}" is invalid.',
    fixVi: 'Dùng working-day (ngày làm việc), working-hour (giờ làm việc) hoặc calendar-day (ngày lịch).',
    fixEn: 'Use working-day, working-hour or calendar-day.',
  },
  MC504: {
    severity: 'error',
    vi: 'Ngưỡng cảnh báo (motcua:warningAt) "{value}" của "{name}" phải lớn hơn 0 và nhỏ hơn 1.',
    en: 'Warning threshold (motcua:warningAt) "{value}" of "{name}" must be above 0 and below 1.',
    fixVi: 'Ví dụ 0.75 để cảnh báo khi đã dùng 75% thời hạn.',
    fixEn: 'E.g. 0.75 to warn when 75% of the time is used.',
  },
  MC505: {
    severity: 'error',
    vi: 'Tổng thời hạn các bước trên đường dài nhất ({total}) vượt thời hạn giải quyết pháp định {limit} của cách thức {channelVi}: {steps}.',
    en: 'The steps on the longest path take {totalEn}, more than the legal time limit {limitEn} of channel "{channel}": {stepsEn}.',
    fixVi:
      'Rút ngắn thời hạn các bước trên đường này hoặc kiểm tra lại thời hạn pháp định trong procedure.json.',
    fixEn: 'Shorten the steps on this path or check the legal time limit in procedure.json.',
  },
  MC506: {
    severity: 'warning',
    vi: 'Tổng thời hạn các bước trên đường dài nhất ({total}) có thể vượt thời hạn {limit} của cách thức {channelVi} (quy đổi gần đúng 5 ngày làm việc = 7 ngày lịch): {steps}.',
    en: 'The steps on the longest path ({totalEn}) may exceed the time limit {limitEn} of channel "{channel}" (approximate conversion 5 working days = 7 calendar days): {stepsEn}.',
    fixVi: 'Rút ngắn các bước hoặc dùng cùng loại đơn vị (ngày làm việc) cho bước và thời hạn pháp định.',
    fixEn: 'Shorten the steps or use the same kind of unit (working days) for steps and the legal limit.',
  },

  // ---- references against the registry (MC6xx) ----
  MC601: {
    severity: 'error',
    vi: 'Vai trò "{value}" không có trong danh mục vai trò.',
    en: 'Role "{value}" is not in the role registry.',
    fixVi: 'Dùng một vai trò đã đăng ký: {known}.',
    fixEn: 'Use a registered role: {known}.',
  },
  MC602: {
    severity: 'error',
    vi: 'Cơ quan "{value}" không có trong cây cơ quan.',
    en: 'Agency "{value}" is not in the agency tree.',
    fixVi: 'Dùng mã cơ quan đã đăng ký, hoặc thêm cơ quan vào danh mục trước.',
    fixEn: 'Use a registered agency code, or add the agency first.',
  },
  MC603: {
    severity: 'error',
    vi: 'Plugin "{value}" chưa được đăng ký.',
    en: 'Plugin "{value}" is not registered.',
    fixVi: 'Dùng một plugin đã đăng ký: {known}.',
    fixEn: 'Use a registered plugin: {known}.',
  },
  MC604: {
    severity: 'error',
    vi: 'Ánh xạ đầu vào của plugin "{plugin}" thiếu trường bắt buộc "{field}".',
    en: 'The input mapping for plugin "{plugin}" lacks required field "{field}".',
    fixVi: 'Thêm <motcua:input target="{field}" source="..."/>.',
    fixEn: 'Add <motcua:input target="{field}" source="..."/>.',
  },
  MC605: {
    severity: 'error',
    vi: 'Plugin "{plugin}" không có trường đầu vào "{field}".',
    en: 'Plugin "{plugin}" has no input field "{field}".',
    fixVi: 'Các trường hợp lệ: {known}.',
    fixEn: 'Valid fields: {known}.',
  },
  MC606: {
    severity: 'error',
    vi: 'Thủ tục được gọi "{value}" không có trong danh mục thủ tục.',
    en: 'Called procedure "{value}" is not in the procedure catalog.',
    fixVi: 'Kiểm tra mã thủ tục, hoặc công bố thủ tục được gọi trước.',
    fixEn: 'Check the procedure code, or publish the called procedure first.',
  },
  MC607: {
    severity: 'error',
    vi: 'Thủ tục "{value}" tự gọi chính nó.',
    en: 'Procedure "{value}" calls itself.',
    fixVi: 'Gọi một thủ tục khác, hoặc dùng vòng lặp trong mô hình.',
    fixEn: 'Call another procedure, or loop inside the model.',
  },

  // ---- FEEL (MC7xx) ----
  MC701: {
    severity: 'error',
    vi: 'Điều kiện "{expr}" không phải biểu thức FEEL hợp lệ: {detail}',
    en: 'Condition "{expr}" is not a valid FEEL expression: {detailEn}',
    fixVi: 'Viết điều kiện FEEL, ví dụ outcome = "approve" hoặc fee > 0 (không dùng ${...} hay JavaScript).',
    fixEn: 'Write a FEEL condition, e.g. outcome = "approve" or fee > 0 (not ${...} or JavaScript).',
  },
  MC702: {
    severity: 'error',
    vi: 'Biểu thức đầu vào "{expr}" cho trường "{field}" không phải FEEL hợp lệ: {detail}',
    en: 'Input expression "{expr}" for field "{field}" is not valid FEEL: {detailEn}',
    fixVi: 'Viết biểu thức FEEL, ví dụ "https://..." (có nháy kép) hoặc data.email.',
    fixEn: 'Write a FEEL expression, e.g. "https://..." (with double quotes) or data.email.',
  },
  MC703: {
    severity: 'warning',
    vi: 'Điều kiện kiểm tra outcome "{value}" nhưng bước trước đó chỉ có các kết quả: {known}.',
    en: 'The condition tests outcome "{value}" but the preceding task(s) only produce: {known}.',
    fixVi: 'Sửa điều kiện hoặc thêm "{value}" vào motcua:outcomes của bước trước.',
    fixEn: 'Fix the condition or add "{value}" to the preceding task\'s motcua:outcomes.',
  },

  MC704: {
    severity: 'warning',
    vi: 'Điều kiện so sánh outcome với biến {value} (không có nháy kép); có lẽ ý là chuỗi "{value}".',
    en: 'The condition compares outcome with the variable {value} (no quotes); the string "{value}" was probably meant.',
    fixVi: 'Viết outcome = "{value}".',
    fixEn: 'Write outcome = "{value}".',
  },
  MC705: {
    severity: 'warning',
    vi: 'Điều kiện đọc tasks.{task}.outcome nhưng mô hình không có bước xử lý (user task) "{task}".',
    en: 'The condition reads tasks.{task}.outcome but the model has no user task "{task}".',
    fixVi: 'Sửa id bước trong điều kiện.',
    fixEn: 'Fix the task id in the condition.',
  },

  // ---- bpmnlint rules (MC8xx) ----
  MC801: {
    severity: 'error',
    vi: 'Phần tử không được nối với luồng nào.',
    en: 'Element is not connected.',
    fixVi: 'Nối phần tử vào quy trình hoặc xóa nó.',
    fixEn: 'Connect the element or delete it.',
  },
  MC802: {
    severity: 'error',
    vi: 'Phần tử có nhiều luồng ra nhưng không dùng cổng (tách ngầm).',
    en: 'Element has several outgoing flows without a gateway (implicit split).',
    fixVi: 'Đặt một cổng exclusive hoặc parallel sau phần tử.',
    fixEn: 'Put an exclusive or parallel gateway after the element.',
  },
  MC803: {
    severity: 'error',
    vi: 'Phần tử không có luồng ra và không phải sự kiện kết thúc (kết thúc ngầm).',
    en: 'Element has no outgoing flow and is not an end event (implicit end).',
    fixVi: 'Nối phần tử tới bước tiếp theo hoặc tới một sự kiện kết thúc.',
    fixEn: 'Connect it to the next step or to an end event.',
  },
  MC804: {
    severity: 'error',
    vi: 'Phần tử không có luồng vào và không phải sự kiện bắt đầu (bắt đầu ngầm).',
    en: 'Element has no incoming flow and is not a start event (implicit start).',
    fixVi: 'Nối một luồng tới phần tử.',
    fixEn: 'Connect a flow into the element.',
  },
  MC805: {
    severity: 'error',
    vi: 'Luồng trùng lặp giữa cùng hai phần tử.',
    en: 'Duplicate sequence flow between the same elements.',
    fixVi: 'Xóa luồng thừa.',
    fixEn: 'Delete the extra flow.',
  },
  MC807: {
    severity: 'warning',
    vi: 'Bước có nhiều luồng vào mà không qua cổng hợp (hợp ngầm).',
    en: 'Task has several incoming flows without a join gateway (implicit join).',
    fixVi: 'Đặt một cổng exclusive trước bước để hợp các luồng.',
    fixEn: 'Put an exclusive gateway before the task to merge the flows.',
  },
  MC808: {
    severity: 'warning',
    vi: 'Cổng vừa hợp vừa tách nhánh.',
    en: 'Gateway both joins and forks.',
    fixVi: 'Tách thành hai cổng: một cổng hợp, một cổng tách.',
    fixEn: 'Split it into two gateways: one join, one fork.',
  },
  MC809: {
    severity: 'warning',
    vi: 'Cổng thừa: chỉ có một luồng vào và một luồng ra.',
    en: 'Superfluous gateway: one incoming and one outgoing flow.',
    fixVi: 'Xóa cổng và nối thẳng hai phần tử.',
    fixEn: 'Delete the gateway and connect the elements directly.',
  },
  MC810: {
    severity: 'error',
    vi: 'Chưa có sự kiện bắt đầu.',
    en: 'The process has no start event.',
    fixVi: 'Thêm một sự kiện bắt đầu (không loại).',
    fixEn: 'Add a (blank) start event.',
  },
  MC811: {
    severity: 'error',
    vi: 'Chưa có sự kiện kết thúc.',
    en: 'The process has no end event.',
    fixVi: 'Thêm sự kiện kết thúc với motcua:outcome.',
    fixEn: 'Add an end event with a motcua:outcome.',
  },
  MC812: {
    severity: 'error',
    vi: 'Quy trình phải có đúng một sự kiện bắt đầu không loại (blank start event).',
    en: 'The process must have exactly one blank start event.',
    fixVi: 'Giữ một sự kiện bắt đầu không loại, xóa các sự kiện bắt đầu khác.',
    fixEn: 'Keep one blank start event and delete the others.',
  },
  MC813: {
    severity: 'error',
    vi: 'Sự kiện có nhiều định nghĩa sự kiện.',
    en: 'Event has more than one event definition.',
    fixVi: 'Giữ một định nghĩa sự kiện.',
    fixEn: 'Keep a single event definition.',
  },
  MC814: {
    severity: 'warning',
    vi: 'Phần tử cần có tên.',
    en: 'Element is missing a label/name.',
    fixVi: 'Đặt tên cho phần tử.',
    fixEn: 'Give the element a name.',
  },

  // ---- internal (MC9xx) ----
  MC900: {
    severity: 'error',
    vi: 'Lỗi nội bộ của trình biên dịch: {detail}',
    en: 'Internal compiler error: {detailEn}',
    fixVi: 'Báo lỗi này kèm tệp mô hình cho nhóm phát triển.',
    fixEn: 'Report this with the model file to the developers.',
  },
} as const satisfies Record<string, CodeSpec>;

export type DiagnosticCode = keyof typeof CODES;

export type Params = Record<string, string | number>;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = params[key];
    return v === undefined ? whole : String(v);
  });
}

export interface Location {
  elementId?: string;
  path?: string;
}

/**
 * Build a diagnostic. Parameters named `detail` are Vietnamese; `detailEn` is the English counterpart (falls back
 * to `detail`).
 */
export function diag(
  code: DiagnosticCode,
  params: Params = {},
  at: Location = {},
  severity?: Severity,
): Diagnostic {
  const spec: CodeSpec = CODES[code];
  const p: Params = { detailEn: params.detail ?? '', fixEn: params.fixVi ?? '', ...params };
  const d: Diagnostic = {
    severity: severity ?? spec.severity,
    code,
    message: fill(spec.vi, p),
    messageEn: fill(spec.en, p),
  };
  if (at.elementId !== undefined) d.elementId = at.elementId;
  if (at.path !== undefined) d.path = at.path;
  if (spec.fixVi !== undefined) {
    const vi = fill(spec.fixVi, p);
    if (vi) d.fix = { vi, en: fill(spec.fixEn ?? spec.fixVi, p) };
  }
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for output: by file, then location in input order is kept (stable sort), errors first. */
const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank[a.d.severity] - rank[b.d.severity] || a.i - b.i)
    .map((x) => x.d);
}

/** JSON Pointer escaping (RFC 6901). */
export function pointer(...parts: Array<string | number>): string {
  return parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
