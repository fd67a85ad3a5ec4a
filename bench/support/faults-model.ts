/**
 * The procedure model of bench/faults: two human steps, a notify.webhook service task (the side effect the bench
 * counts), and a return step at the desk. Same shape as the e2e operations fixture, with the hook URL filled in.
 */
export function faultsModel(hookUrl: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" id="Definitions_BenchFaults" targetNamespace="http://motcua.gov.vn/procedures">
  <bpmn:process id="Process_BenchFaults" name="Thủ tục đo khả năng chịu lỗi" isExecutable="true">
    <bpmn:startEvent id="start" name="Nhận hồ sơ">
      <bpmn:outgoing>Flow_start_appraise</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="appraise" name="Thẩm định hồ sơ" motcua:nameEn="Appraise the dossier" motcua:role="specialist" motcua:duration="1" motcua:durationUnit="working-day" motcua:outcomes="approve">
      <bpmn:incoming>Flow_start_appraise</bpmn:incoming>
      <bpmn:outgoing>Flow_appraise_approve</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="approve" name="Phê duyệt" motcua:nameEn="Approve" motcua:role="department-head" motcua:duration="1" motcua:durationUnit="working-day" motcua:outcomes="approve">
      <bpmn:incoming>Flow_appraise_approve</bpmn:incoming>
      <bpmn:outgoing>Flow_approve_notify</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:serviceTask id="notify" name="Gửi kết quả sang hệ thống của Sở" motcua:nameEn="Send the result to the department system" motcua:plugin="notify.webhook">
      <bpmn:extensionElements><motcua:inputMapping>
        <motcua:input target="url" source="&#34;${hookUrl}&#34;" />
        <motcua:input target="message" source="&#34;Hồ sơ đã có kết quả&#34;" />
      </motcua:inputMapping></bpmn:extensionElements>
      <bpmn:incoming>Flow_approve_notify</bpmn:incoming>
      <bpmn:outgoing>Flow_notify_return</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:userTask id="return" name="Trả kết quả" motcua:nameEn="Return the result" motcua:role="receptionist" motcua:duration="1" motcua:durationUnit="working-day" motcua:outcomes="returned">
      <bpmn:incoming>Flow_notify_return</bpmn:incoming>
      <bpmn:outgoing>Flow_return_end</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end" name="Đã trả kết quả" motcua:nameEn="Result returned" motcua:outcome="returned">
      <bpmn:incoming>Flow_return_end</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_start_appraise" sourceRef="start" targetRef="appraise" />
    <bpmn:sequenceFlow id="Flow_appraise_approve" sourceRef="appraise" targetRef="approve" />
    <bpmn:sequenceFlow id="Flow_approve_notify" sourceRef="approve" targetRef="notify" />
    <bpmn:sequenceFlow id="Flow_notify_return" sourceRef="notify" targetRef="return" />
    <bpmn:sequenceFlow id="Flow_return_end" sourceRef="return" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_BenchFaults"><bpmndi:BPMNPlane id="Plane_BenchFaults" bpmnElement="Process_BenchFaults">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="142" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="appraise_di" bpmnElement="appraise"><dc:Bounds x="196" y="120" width="120" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="approve_di" bpmnElement="approve"><dc:Bounds x="376" y="120" width="120" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="notify_di" bpmnElement="notify"><dc:Bounds x="556" y="120" width="120" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="return_di" bpmnElement="return"><dc:Bounds x="736" y="120" width="120" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="916" y="142" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="Flow_start_appraise_di" bpmnElement="Flow_start_appraise"><di:waypoint x="136" y="160" /><di:waypoint x="196" y="160" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_appraise_approve_di" bpmnElement="Flow_appraise_approve"><di:waypoint x="316" y="160" /><di:waypoint x="376" y="160" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_approve_notify_di" bpmnElement="Flow_approve_notify"><di:waypoint x="496" y="160" /><di:waypoint x="556" y="160" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_notify_return_di" bpmnElement="Flow_notify_return"><di:waypoint x="676" y="160" /><di:waypoint x="736" y="160" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_return_end_di" bpmnElement="Flow_return_end"><di:waypoint x="856" y="160" /><di:waypoint x="916" y="160" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
