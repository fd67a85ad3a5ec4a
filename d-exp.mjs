import { countXmlProblemSites, motcuaModdleDescriptor } from '/work/main/dist/compiler/index.js';
import { BpmnModdle } from 'bpmn-moddle';
const m = new BpmnModdle({ motcua: motcuaModdleDescriptor });
const head = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" xmlns:x="urn:x" id="d"><bpmn:process id="p">';
const parts = process.argv.slice(2);
for (const p of parts) {
  const xml = head + p + '</bpmn:process></bpmn:definitions>';
  const r = await m.fromXML(xml, 'bpmn:Definitions', { lax: true });
  const w = r.warnings.filter(w => /unparsable/.test(w.message));
  console.log(w.length, countXmlProblemSites(xml), p.slice(0, 80));
  if (w.length > countXmlProblemSites(xml)) for (const x of w) console.log('   ', x.message.replace(/\n\s*/g, ' | '));
}
