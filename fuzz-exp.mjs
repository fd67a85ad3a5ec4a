import fc from 'fast-check';
import { countXmlProblemSites, compileModel, motcuaModdleDescriptor } from '/work/main/dist/compiler/index.js';
import { BpmnModdle } from 'bpmn-moddle';
import { readFileSync } from 'node:fs';
const m = new BpmnModdle({ motcua: motcuaModdleDescriptor });
const name = fc.constantFrom('bpmn:userTask','bpmn:task','bpmn:startEvent','bpmn:endEvent','bpmn:sequenceFlow','bpmn:exclusiveGateway','bpmn:boundaryEvent','bpmn:subProcess','bpmn:extensionElements','bpmn:conditionExpression','bpmn:timerEventDefinition','bpmn:timeDuration','bpmn:documentation','bpmn:incoming','bpmn:laneSet','bpmn:lane','bpmn:flowNodeRef','motcua:inputMapping','motcua:input','x:foo','bpmndi:BPMNShape','dc:Bounds','bpmn:process','bpmn:definitions','bpmn:multiInstanceLoopCharacteristics','bpmn:loopCardinality','bpmn:dataObject','bpmn:textAnnotation','bpmn:text');
const attr = fc.tuple(fc.constantFrom('id','name','sourceRef','targetRef','attachedToRef','default','motcua:role','motcua:duration','motcua:outcome','flowElements','extensionElements','incoming','outgoing','eventDefinitions','documentation','xsi:type','lanes','flowNodeRef','inputs','values','bounds','x:a','x:a:b','$type','get','isExecutable','cancelActivity','timeDuration','loopCharacteristics','conditionExpression','body','text'), fc.constantFrom('a','b','s','t','1','bpmn:tFormalExpression','tFormalExpression','bpmn:tNope','x y','true',''));
const tree = fc.letrec((tie) => ({
  node: fc.tuple(name, fc.uniqueArray(attr, { selector: (a) => a[0], maxLength: 4 }), fc.array(tie('child'), { maxLength: 4 }))
    .map(([n, attrs, kids]) => `<${n}${attrs.map(([k, v]) => ` ${k}="${v}"`).join('')}>${kids.join('')}</${n}>`),
  child: fc.oneof({ maxDepth: 5, depthIdentifier: 'x' }, fc.constantFrom('text', '', ' ', '<![CDATA[c]]>'), tie('node')),
})).node;
let bad = 0;
await fc.assert(fc.asyncProperty(fc.array(tree, { maxLength: 6 }), fc.constantFrom('p', 'd'), async (nodes, where) => {
  const xml = where === 'p'
    ? `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" xmlns:x="urn:x" id="d"><bpmn:process id="p">${nodes.join('')}</bpmn:process></bpmn:definitions>`
    : `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" xmlns:x="urn:x" id="d">${nodes.join('')}</bpmn:definitions>`;
  let rep;
  try { const r = await m.fromXML(xml, 'bpmn:Definitions', { lax: true }); rep = r.warnings.filter(w => /unparsable/.test(w.message)).length; } catch { return; }
  const scan = countXmlProblemSites(xml);
  const c = await compileModel({ model: { kind: 'bpmn', xml } });
  if (scan < rep || c.diagnostics.some(d => d.code === 'MC900')) {
    if (bad++ < 3) console.log('BAD', rep, scan, c.diagnostics.filter(d=>d.code==='MC900').map(d=>d.message), xml);
    return false;
  }
}), { numRuns: 4000, endOnFailure: true }).catch(e => console.log(String(e).slice(0, 3000)));
console.log('fuzz done', bad);
