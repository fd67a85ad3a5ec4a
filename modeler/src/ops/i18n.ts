/** Texts of the operations screens, Vietnamese and English; the language is the console's (../i18n.ts). */
import { lang } from '../i18n.js';

const messages = {
  'nav.reception': { vi: 'Tiếp nhận', en: 'Reception' },
  'nav.inbox': { vi: 'Hộp công việc', en: 'Inbox' },
  'nav.supervision': { vi: 'Giám sát', en: 'Supervision' },
  'nav.screen': { vi: 'Màn hình công khai', en: 'Public screen' },
  'nav.lookup': { vi: 'Tra cứu hồ sơ', en: 'Look up a dossier' },
  'common.loading': { vi: 'Đang tải…', en: 'Loading…' },
  'common.none': { vi: 'Không có mục nào.', en: 'Nothing here.' },
  'common.open': { vi: 'Mở', en: 'Open' },
  'common.reason': { vi: 'Lý do', en: 'Reason' },
  'common.save': { vi: 'Lưu', en: 'Save' },
  'common.cancel': { vi: 'Hủy', en: 'Cancel' },
  'common.since': { vi: 'Từ lúc', en: 'Since' },
  'common.step': { vi: 'Bước', en: 'Step' },
  'common.holder': { vi: 'Người giữ', en: 'Held by' },
  'common.status': { vi: 'Trạng thái', en: 'Status' },
  'common.dossier': { vi: 'Hồ sơ', en: 'Dossier' },
  'common.procedure': { vi: 'Thủ tục', en: 'Procedure' },
  'common.due': { vi: 'Hạn', en: 'Due' },
  'common.appointment': { vi: 'Ngày hẹn trả', en: 'Appointment' },
  'common.agency': { vi: 'Cơ quan', en: 'Agency' },
  'common.actions': { vi: 'Thao tác', en: 'Actions' },
  'common.done': { vi: 'Đã xong.', en: 'Done.' },
  'deadline.ok': { vi: 'Trong hạn', en: 'On track' },
  'deadline.warning': { vi: 'Sắp đến hạn', en: 'Warning' },
  'deadline.overdue': { vi: 'Quá hạn', en: 'Overdue' },
  'reception.title': { vi: 'Tiếp nhận hồ sơ', en: 'Receive a dossier' },
  'reception.search': { vi: 'Tìm thủ tục (tên hoặc mã)', en: 'Find a procedure (name or code)' },
  'reception.choose': { vi: 'Chọn', en: 'Choose' },
  'reception.pageInfo': { vi: '{from}–{to} trong {total} thủ tục', en: '{from}–{to} of {total} procedures' },
  'reception.prevPage': { vi: 'Trang trước', en: 'Previous' },
  'reception.nextPage': { vi: 'Trang sau', en: 'Next' },
  'reception.applicant': { vi: 'Người nộp', en: 'Applicant' },
  'reception.type': { vi: 'Loại', en: 'Type' },
  'reception.person': { vi: 'Cá nhân', en: 'Person' },
  'reception.organisation': { vi: 'Tổ chức', en: 'Organisation' },
  'reception.name': { vi: 'Họ tên / tên tổ chức', en: 'Name' },
  'reception.idNumber': { vi: 'Số CCCD / mã số', en: 'ID number' },
  'reception.phone': { vi: 'Điện thoại', en: 'Phone' },
  'reception.address': { vi: 'Địa chỉ', en: 'Address' },
  'reception.email': { vi: 'Thư điện tử', en: 'Email' },
  'reception.channel': { vi: 'Kênh nộp', en: 'Channel' },
  'reception.components': { vi: 'Thành phần hồ sơ', en: 'Dossier components' },
  'reception.onPaper': { vi: 'Nộp bản giấy', en: 'On paper' },
  'reception.required': { vi: 'bắt buộc', en: 'required' },
  'reception.data': { vi: 'Thông tin tờ khai', en: 'Form data' },
  'reception.note': { vi: 'Ghi chú', en: 'Note' },
  'reception.check': { vi: 'Kiểm tra tính đầy đủ', en: 'Check completeness' },
  'reception.complete': {
    vi: 'Hồ sơ đầy đủ thành phần bắt buộc.',
    en: 'Every required component is supplied.',
  },
  'reception.missing': { vi: 'Còn thiếu: {list}', en: 'Missing: {list}' },
  'reception.fieldMissing': { vi: 'Cần điền: {list}', en: 'Fill in: {list}' },
  'reception.submit': { vi: 'Tiếp nhận và cấp giấy hẹn', en: 'Receive and issue the appointment' },
  'reception.uploading': { vi: 'Đang tải lên {pct}%', en: 'Uploading {pct}%' },
  'reception.received': {
    vi: 'Đã tiếp nhận hồ sơ {code}; hẹn trả {date}.',
    en: 'Dossier {code} received; appointment {date}.',
  },
  'reception.printReceipt': {
    vi: 'In giấy tiếp nhận và hẹn trả',
    en: 'Print the receipt and appointment slip',
  },
  'reception.printSupplement': { vi: 'In phiếu yêu cầu bổ sung', en: 'Print the supplement request' },
  'reception.printRefusal': { vi: 'In phiếu từ chối tiếp nhận', en: 'Print the refusal slip' },
  'reception.refusalReason': { vi: 'Lý do từ chối', en: 'Reason for refusal' },
  'reception.printed': { vi: 'Đã mở phiếu để in ({size} KB).', en: 'Slip opened for printing ({size} KB).' },
  'reception.fees': { vi: 'Thu phí, lệ phí', en: 'Fees' },
  'reception.feeDue': { vi: 'Phải thu: {amount}', en: 'Due: {amount}' },
  'reception.noFee': { vi: 'Thủ tục không thu phí qua kênh này.', en: 'No fee for this channel.' },
  'reception.receiptNo': { vi: 'Số biên lai', en: 'Receipt number' },
  'reception.amount': { vi: 'Số tiền (VND)', en: 'Amount (VND)' },
  'reception.paidAt': { vi: 'Ngày thu', en: 'Paid at' },
  'reception.collectedBy': { vi: 'Người thu', en: 'Collected by' },
  'reception.collect': { vi: 'Ghi nhận thu', en: 'Record payment' },
  'reception.feeRecorded': { vi: 'Đã ghi nhận biên lai {no}.', en: 'Receipt {no} recorded.' },
  'reception.fee.none': { vi: 'Không phải thu.', en: 'Nothing to collect.' },
  'reception.fee.paid': { vi: 'Đã thu đủ.', en: 'Paid in full.' },
  'reception.fee.unpaid': { vi: 'Còn phải thu: {amount}', en: 'Still to collect: {amount}' },
  'reception.handOver': { vi: 'Trả kết quả cho người nộp', en: 'Hand the result over' },
  'reception.returned': { vi: 'Đã trả kết quả hồ sơ {code}.', en: 'Result of dossier {code} handed over.' },
  'reception.alreadyReturned': {
    vi: 'Hồ sơ đã được trả kết quả.',
    en: 'The result has already been returned.',
  },
  'reception.notReady': {
    vi: 'Hồ sơ chưa có kết quả chờ trả tại bộ phận một cửa.',
    en: 'The dossier has no result waiting at the desk.',
  },
  'reception.next': { vi: 'Tiếp nhận hồ sơ khác', en: 'Receive another dossier' },
  'reception.return': { vi: 'Trả kết quả', en: 'Return a result' },
  'reception.returnCode': { vi: 'Mã hồ sơ', en: 'Dossier code' },
  'reception.find': { vi: 'Tìm', en: 'Find' },
  'inbox.title': { vi: 'Hộp công việc', en: 'Inbox' },
  'inbox.mine': { vi: 'Việc của tôi', en: 'My tasks' },
  'inbox.unit': { vi: 'Việc chưa nhận của đơn vị', en: "My unit's unclaimed tasks" },
  'inbox.claim': { vi: 'Nhận xử lý', en: 'Claim' },
  'inbox.work': { vi: 'Xử lý', en: 'Work on it' },
  'dossier.title': { vi: 'Hồ sơ {code}', en: 'Dossier {code}' },
  'dossier.documents': { vi: 'Tài liệu', en: 'Documents' },
  'dossier.timeline': { vi: 'Diễn biến', en: 'Timeline' },
  'dossier.tasks': { vi: 'Các bước xử lý', en: 'Steps' },
  'dossier.view': { vi: 'Xem', en: 'View' },
  'dossier.complete': { vi: 'Hoàn thành bước', en: 'Complete the step' },
  'dossier.outcome': { vi: 'Kết quả', en: 'Outcome' },
  'dossier.supplement': { vi: 'Yêu cầu bổ sung', en: 'Request a supplement' },
  'dossier.missing': { vi: 'Nội dung cần bổ sung (mỗi dòng một mục)', en: 'What is missing (one per line)' },
  'dossier.return': { vi: 'Trả lại bước', en: 'Return to step' },
  'dossier.paused': {
    vi: 'Hồ sơ đang tạm dừng ({status}): thời hạn không tính cho đến khi người nộp bổ sung; bước này tiếp tục sau đó.',
    en: 'The dossier is paused ({status}): the clock stops until the applicant supplies; this step goes on afterwards.',
  },
  'dossier.refuse': { vi: 'Từ chối giải quyết', en: 'Refuse to resolve' },
  'slip.supplement-request': { vi: 'In phiếu yêu cầu bổ sung', en: 'Print the supplement request' },
  'slip.refusal': { vi: 'In phiếu từ chối giải quyết', en: 'Print the refusal slip' },
  'slip.apology': { vi: 'In phiếu xin lỗi, hẹn lại', en: 'Print the apology' },
  'slip.stop': { vi: 'In thông báo dừng xử lý', en: 'Print the stop notice' },
  'slip.control': { vi: 'In phiếu kiểm soát quá trình', en: 'Print the processing-control slip' },
  'dossier.reassign': { vi: 'Chuyển người xử lý', en: 'Reassign' },
  'dossier.assignee': { vi: 'Tên đăng nhập người nhận', en: 'Username of the new assignee' },
  'dossier.resultFiles': { vi: 'Tệp kết quả', en: 'Result files' },
  'dossier.uploadResult': { vi: 'Tải lên kết quả', en: 'Upload the result' },
  'dossier.inspect': { vi: 'Mở trình kiểm tra', en: 'Open the inspector' },
  'dossier.noTask': {
    vi: 'Bạn không có bước nào đang mở ở hồ sơ này.',
    en: 'You have no open step in this dossier.',
  },
  'sup.title': { vi: 'Giám sát, đánh giá', en: 'Supervision' },
  'sup.dashboard': { vi: 'Tổng quan', en: 'Dashboard' },
  'sup.stuck': { vi: 'Hồ sơ bị tắc', en: 'Stuck dossiers' },
  'sup.late': { vi: 'Hồ sơ quá hạn', en: 'Late dossiers' },
  'sup.near': { vi: 'Sắp đến hạn', en: 'Near the deadline' },
  'sup.staff': { vi: 'Xếp hạng cán bộ', en: 'Staff ranking' },
  'sup.reports': { vi: 'Báo cáo định kỳ', en: 'Periodic reports' },
  'sup.groupBy': { vi: 'Theo', en: 'By' },
  'sup.from': { vi: 'Từ ngày', en: 'From' },
  'sup.to': { vi: 'Đến ngày', en: 'To' },
  'sup.apply': { vi: 'Xem', en: 'Show' },
  'sup.received': { vi: 'Tiếp nhận', en: 'Received' },
  'sup.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'sup.early': { vi: 'Trước hạn', en: 'Early' },
  'sup.onTime': { vi: 'Đúng hạn', en: 'On time' },
  'sup.lateCount': { vi: 'Quá hạn', en: 'Late' },
  'sup.pending': { vi: 'Đang giải quyết', en: 'Pending' },
  'sup.pendingOverdue': { vi: 'Đang quá hạn', en: 'Overdue now' },
  'sup.onTimeRate': { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' },
  'sup.kind': { vi: 'Loại', en: 'Kind' },
  'sup.scan': { vi: 'Quét ngay', en: 'Scan now' },
  'sup.lastScan': { vi: 'Lần quét gần nhất: {at}', en: 'Last scan: {at}' },
  'sup.idle': { vi: 'Ngưỡng không tiến triển (ngày làm việc)', en: 'No-progress threshold (working days)' },
  'sup.handled': { vi: 'Đã xử lý', en: 'Handled' },
  'sup.avgHours': { vi: 'TB giờ', en: 'Avg hours' },
  'sup.openNow': { vi: 'Đang giữ', en: 'Open now' },
  'sup.lateBy': { vi: 'Trễ', en: 'Late by' },
  'kind.idle': { vi: 'Không tiến triển', en: 'No progress' },
  'kind.plugin-failed': { vi: 'Dịch vụ tích hợp lỗi', en: 'Plugin call failing' },
  'kind.unknown-plugin': { vi: 'Dịch vụ chưa đăng ký', en: 'Unknown plugin' },
  'kind.no-route': { vi: 'Không có nhánh đi tiếp', en: 'No route' },
  'kind.expression-failed': { vi: 'Biểu thức lỗi', en: 'Expression failed' },
  'kind.call-failed': { vi: 'Liên thông lỗi', en: 'Inter-agency call failed' },
  'kind.loop': { vi: 'Lặp vô hạn', en: 'Loop' },
  'kind.workflow-task-failing': { vi: 'Tác vụ quy trình lỗi', en: 'Workflow task failing' },
  'insp.title': { vi: 'Kiểm tra hồ sơ {code}', en: 'Inspecting dossier {code}' },
  'insp.diagram': { vi: 'Sơ đồ và vị trí hồ sơ', en: 'Diagram and where the dossier is' },
  'insp.legend': {
    vi: 'Xanh dương: đang ở đây · Xanh lá: xong đúng/trước hạn · Cam: xong trễ · Đỏ: lỗi',
    en: 'Blue: here now · Green: done early/on time · Orange: done late · Red: failing',
  },
  'insp.history': { vi: 'Lịch sử Temporal (đã diễn giải)', en: 'Temporal history (readable)' },
  'insp.raw': { vi: 'Xem lịch sử gốc trên Temporal UI', en: 'Raw history in the Temporal UI' },
  'insp.incidents': { vi: 'Sự cố', en: 'Incidents' },
  'insp.retry': { vi: 'Chạy lại', en: 'Retry' },
  'insp.stop': { vi: 'Dừng xử lý', en: 'Stop processing' },
  'insp.escalate': { vi: 'Chuyển cấp trên', en: 'Escalate' },
  'insp.toRole': { vi: 'Vai trò nhận', en: 'To role' },
  'insp.pauses': {
    vi: 'Tạm dừng (chờ bổ sung hồ sơ hoặc chờ thực hiện nghĩa vụ tài chính)',
    en: 'Pauses (waiting for papers or for a payment)',
  },
  'insp.pausePeriod': { vi: 'Thời gian', en: 'Period' },
  'insp.pauseKind': { vi: 'Loại tạm dừng', en: 'Kind of pause' },
  'insp.pauseBy': { vi: 'Người yêu cầu', en: 'Requested by' },
  'pause.supplement': { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for supplementary papers' },
  'pause.payment': { vi: 'Chờ thực hiện nghĩa vụ tài chính', en: 'Waiting for a payment' },
  'insp.nationalStatus': { vi: 'trạng thái {n}', en: 'status {n}' },
  'insp.stepPeriod': { vi: 'Mở → xong', en: 'Opened → done' },
  'insp.vsDeadline': { vi: 'So với hạn (thời gian làm việc)', en: 'Against the deadline (working time)' },
  'insp.timingTitle': {
    vi: 'Tính theo giờ làm việc trên lịch của {agency} (1 ngày làm việc = {day} giờ); theo đồng hồ: {clock}',
    en: 'Counted in working time on the calendar of {agency} (1 working day = {day} h); by the clock: {clock}',
  },
  'insp.byClock': {
    vi: 'ngoài giờ làm việc; theo đồng hồ {clock}',
    en: 'outside working hours; by the clock {clock}',
  },
  'insp.noDiagram': {
    vi: 'Không vẽ được sơ đồ ({msg}); các bước theo thứ tự:',
    en: 'The diagram cannot be drawn ({msg}); the steps in order:',
  },
  'unit.working-hour': { vi: 'giờ làm việc', en: 'working hours' },
  'unit.working-day': { vi: 'ngày làm việc', en: 'working days' },
  'insp.wfFailing': {
    vi: 'Quy trình của hồ sơ đang lỗi: hồ sơ không thể tiến triển',
    en: "The dossier's workflow is failing: the dossier cannot move",
  },
  'insp.wfFailingMeta': {
    vi: 'Lần thử {attempt} · lỗi từ {since}',
    en: 'Attempt {attempt} · failing since {since}',
  },
  'insp.wfFailingHint': {
    vi: 'Lỗi nằm ở mã quy trình hoặc worker, không ở dữ liệu hồ sơ: báo bộ phận kỹ thuật; chi tiết trong lịch sử Temporal bên dưới.',
    en: 'The fault is in the workflow code or the worker, not in the dossier: tell the technical team; details in the Temporal history below.',
  },
  'insp.escalations': { vi: 'Chuyển cấp trên', en: 'Escalations' },
  'insp.audit': { vi: 'Nhật ký thao tác', en: 'Audit trail' },
  'insp.findings': { vi: 'Phát hiện của lượt quét', en: 'Scan findings' },
  'insp.where': { vi: 'Đang ở: {where}', en: 'Now at: {where}' },
  'insp.notRunning': {
    vi: 'Không hỏi được trạng thái quy trình: {msg}',
    en: 'Cannot query the workflow: {msg}',
  },
  'insp.actionDone': { vi: 'Đã thực hiện và ghi nhật ký.', en: 'Done and audited.' },
  'insp.reasonNeeded': {
    vi: 'Cần nêu lý do (ghi vào nhật ký thao tác).',
    en: 'Give a reason (it goes into the audit trail).',
  },
  'insp.assigneeNeeded': {
    vi: 'Cần nhập tên đăng nhập người nhận.',
    en: 'Enter the username of the new assignee.',
  },
  'insp.noOpenTask': {
    vi: 'Hồ sơ không có bước nào đang mở để chuyển.',
    en: 'The dossier has no open step to reassign.',
  },
  'insp.stoppedAt': { vi: 'Hồ sơ đã dừng xử lý lúc {at}.', en: 'Processing stopped at {at}.' },
  'insp.printStop': { vi: 'In thông báo dừng xử lý', en: 'Print the stop notice' },
  'lookup.title': { vi: 'Tra cứu tình trạng hồ sơ', en: 'Look up a dossier' },
  'lookup.code': { vi: 'Mã hồ sơ', en: 'Dossier code' },
  'lookup.secret': { vi: '4 số cuối điện thoại đã khai', en: 'Last 4 digits of the phone number given' },
  'lookup.submit': { vi: 'Tra cứu', en: 'Look up' },
  'lookup.missing': { vi: 'Cần bổ sung', en: 'To be supplied' },
  'lookup.rate': { vi: 'Đánh giá mức độ hài lòng', en: 'Rate the service' },
  'lookup.supply': { vi: 'Nộp bổ sung trực tuyến', en: 'Supply the papers online' },
  'lookup.supplyHelp': {
    vi: 'Chọn thành phần hồ sơ và tệp (PDF, ảnh) cần bổ sung. Thời gian chờ bổ sung không tính vào thời hạn giải quyết.',
    en: 'Choose the dossier component and the files (PDF, images) to supply. The waiting time does not count towards the deadline.',
  },
  'lookup.component': { vi: 'Thành phần hồ sơ', en: 'Dossier component' },
  'lookup.otherPaper': { vi: 'Giấy tờ khác', en: 'Another paper' },
  'lookup.files': { vi: 'Tệp', en: 'Files' },
  'lookup.send': { vi: 'Gửi bổ sung', en: 'Send the papers' },
  'lookup.chooseFile': { vi: 'Chọn ít nhất một tệp để gửi.', en: 'Choose at least one file to send.' },
  'lookup.supplied': {
    vi: 'Đã nhận {n} tệp bổ sung; hồ sơ được tiếp tục giải quyết.',
    en: '{n} file(s) received; processing resumes.',
  },
  'lookup.comment': { vi: 'Góp ý (không bắt buộc)', en: 'Comment (optional)' },
  'lookup.thanks': { vi: 'Đã ghi nhận đánh giá của bạn.', en: 'Your rating is recorded.' },
  'event.received': { vi: 'Đã tiếp nhận hồ sơ', en: 'Dossier received' },
  'event.supplement-requested': { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Supplement requested' },
  'event.supplement-received': { vi: 'Đã nhận hồ sơ bổ sung', en: 'Supplement received' },
  'event.apologized': { vi: 'Xin lỗi và hẹn lại ngày trả', en: 'Apology and new appointment' },
  'event.withdrawn': { vi: 'Người nộp rút hồ sơ', en: 'Withdrawn by the applicant' },
  'event.refused': { vi: 'Từ chối giải quyết', en: 'Refused' },
  'event.stopped': { vi: 'Dừng xử lý', en: 'Processing stopped' },
  'event.result': { vi: 'Kết thúc xử lý', en: 'Processing ended' },
  'event.payment-requested': { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment requested' },
  'event.payment-received': { vi: 'Đã nhận thanh toán', en: 'Payment received' },
  'event.task-opened': { vi: 'Mở bước xử lý', en: 'Step opened' },
  'event.task-claimed': { vi: 'Nhận xử lý', en: 'Step claimed' },
  'event.task-completed': { vi: 'Hoàn thành bước', en: 'Step completed' },
  'event.task-reassigned': { vi: 'Chuyển người xử lý', en: 'Step reassigned' },
  'event.task-returned': { vi: 'Trả lại bước trước', en: 'Returned to an earlier step' },
  'event.task-cancelled': { vi: 'Hủy bước', en: 'Step cancelled' },
  'event.task-warning': { vi: 'Cảnh báo sắp đến hạn', en: 'Deadline warning' },
  'event.task-overdue': { vi: 'Bước xử lý quá hạn', en: 'Step overdue' },
  'event.escalated': { vi: 'Chuyển cấp trên', en: 'Escalated' },
  'event.service-started': { vi: 'Gọi dịch vụ', en: 'Service called' },
  'event.service-completed': { vi: 'Dịch vụ trả lời', en: 'Service answered' },
  'event.incident-opened': { vi: 'Phát sinh sự cố', en: 'Incident' },
  'event.incident-retried': { vi: 'Chạy lại bước lỗi', en: 'Retried' },
  'event.dossier-overdue': { vi: 'Hồ sơ quá hạn', en: 'Dossier overdue' },
  'lookup.rated': { vi: 'Cảm ơn bạn đã đánh giá ({score}/5).', en: 'Thank you for rating ({score}/5).' },
  'screen.title': { vi: 'Kết quả giải quyết hồ sơ', en: 'How dossiers are resolved' },
  'screen.late': { vi: 'Tỷ lệ trễ hạn', en: 'Late' },
  'screen.counter': { vi: 'Quầy / cơ quan', en: 'Counter / agency' },
} as const;

export type OpsKey = keyof typeof messages;

export function ot(key: OpsKey, params: Record<string, string | number> = {}): string {
  const m = messages[key] as { vi: string; en: string } | undefined;
  if (!m) return key;
  return m[lang()].replace(/\{(\w+)\}/g, (w, k: string) => (params[k] === undefined ? w : String(params[k])));
}

/** A bilingual text from the API in the current language. */
export function lt(text: { vi: string; en?: string | null } | null | undefined): string {
  if (!text) return '';
  return lang() === 'en' ? (text.en ?? text.vi) : text.vi;
}

const ROLE: Record<string, { vi: string; en: string }> = {
  receptionist: { vi: 'Tiếp nhận', en: 'Receptionist' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  'division-head': { vi: 'Lãnh đạo phòng', en: 'Head of division' },
  'department-head': { vi: 'Lãnh đạo sở', en: 'Head of department' },
  supervisor: { vi: 'Giám sát', en: 'Supervisor' },
};
/** A role's name in the current language (the code itself when unknown). */
export function roleText(role: string | null | undefined): string {
  return role ? (ROLE[role]?.[lang()] ?? role) : '';
}

const TEXTS: Record<string, Record<string, { vi: string; en: string }>> = {
  task: {
    open: { vi: 'Chờ nhận', en: 'Waiting to be claimed' },
    claimed: { vi: 'Đang xử lý', en: 'Being worked on' },
    completed: { vi: 'Đã xong', en: 'Done' },
    cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
  },
  waiting: {
    ready: { vi: 'đang chuyển bước', en: 'moving on' },
    task: { vi: 'chờ cán bộ xử lý', en: 'with an officer' },
    service: { vi: 'đang gọi dịch vụ', en: 'calling a service' },
    call: { vi: 'chờ cơ quan liên thông', en: 'with another agency' },
    timer: { vi: 'chờ hẹn giờ', en: 'waiting for a timer' },
    join: { vi: 'chờ nhánh song song', en: 'waiting for a parallel branch' },
    incident: { vi: 'lỗi', en: 'failing' },
  },
  timing: {
    early: { vi: 'trước hạn', en: 'early' },
    'on-time': { vi: 'đúng hạn', en: 'on time' },
    late: { vi: 'trễ hạn', en: 'late' },
    running: { vi: 'đang chạy', en: 'running' },
  },
  channel: {
    counter: { vi: 'Nộp trực tiếp', en: 'At the counter' },
    online: { vi: 'Trực tuyến', en: 'Online' },
    postal: { vi: 'Bưu chính', en: 'By post' },
  },
  component: {
    original: { vi: 'bản chính', en: 'original' },
    copy: { vi: 'bản sao', en: 'copy' },
    'certified-copy': { vi: 'bản sao chứng thực', en: 'certified copy' },
    'original-or-copy': { vi: 'bản chính hoặc bản sao', en: 'original or copy' },
    electronic: { vi: 'bản điện tử', en: 'electronic' },
  },
  action: {
    'dossier.intake': { vi: 'Tiếp nhận hồ sơ', en: 'Dossier received' },
    'dossier.fee': { vi: 'Thu phí, lệ phí', en: 'Fee collected' },
    'dossier.supplement-request': { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
    'dossier.supplement': { vi: 'Nhận hồ sơ bổ sung', en: 'Supplement received' },
    'dossier.payment-request': { vi: 'Yêu cầu nghĩa vụ tài chính', en: 'Payment requested' },
    'dossier.withdraw': { vi: 'Rút hồ sơ', en: 'Withdrawn' },
    'dossier.paused': {
      vi: 'Hồ sơ đang tạm dừng ({status}): thời hạn không tính cho đến khi người nộp bổ sung; bước này tiếp tục sau đó.',
      en: 'The dossier is paused ({status}): the clock stops until the applicant supplies; this step goes on afterwards.',
    },
    'dossier.refuse': { vi: 'Từ chối giải quyết', en: 'Refused' },
    'dossier.stop': { vi: 'Dừng xử lý', en: 'Stopped' },
    'dossier.apology': { vi: 'Xin lỗi, hẹn lại', en: 'Apology' },
    'dossier.retry-incident': { vi: 'Chạy lại bước lỗi', en: 'Failed step retried' },
    'dossier.result-upload': { vi: 'Tải lên kết quả', en: 'Result uploaded' },
    'task.claim': { vi: 'Nhận xử lý', en: 'Claimed' },
    'task.complete': { vi: 'Hoàn thành bước', en: 'Step completed' },
    'task.return': { vi: 'Trả lại bước trước', en: 'Returned to an earlier step' },
    'task.reassign': { vi: 'Chuyển người xử lý', en: 'Reassigned' },
    'task.escalate': { vi: 'Chuyển cấp trên', en: 'Escalated' },
    'public.supplement': { vi: 'Người nộp bổ sung trực tuyến', en: 'Applicant supplied papers online' },
    'public.rating': { vi: 'Người nộp đánh giá', en: 'Applicant rated the service' },
  },
};
/** A code of `kind` (task status, token wait, step timing, audit action) in words; the code itself when unknown. */
export function codeText(
  kind: 'task' | 'waiting' | 'timing' | 'action' | 'channel' | 'component',
  code: string | null | undefined,
): string {
  return code ? (TEXTS[kind]?.[code]?.[lang()] ?? code) : '';
}

/** A stuck / incident / finding kind in words (the code itself when there is no text for it). */
export function kindText(kind: string | null | undefined): string {
  if (!kind) return '';
  const key = `kind.${kind}` as OpsKey;
  const name = ot(key);
  return name === key ? kind : name;
}

/** An event of the dossier's timeline in words (its type when there is no text for it). */
export function eventName(type: string): string {
  const key = `event.${type}` as OpsKey;
  const name = ot(key);
  return name === key ? type : name;
}

/** Status names of the national scheme. */
const STATUS: Record<string, { vi: string; en: string }> = {
  'new-registration': { vi: 'Mới đăng ký', en: 'New' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  'not-accepted': { vi: 'Từ chối', en: 'Refused' },
  'in-progress': { vi: 'Đang giải quyết', en: 'In progress' },
  'supplement-requested': { vi: 'Chờ bổ sung', en: 'Supplement requested' },
  'financial-obligation': { vi: 'Chờ nghĩa vụ tài chính', en: 'Awaiting payment' },
  withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Stopped' },
  processed: { vi: 'Có kết quả, chờ trả', en: 'Result ready' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
};
export function statusText(s: string | null | undefined): string {
  return s ? (STATUS[s]?.[lang()] ?? s) : '';
}
