import { expect } from 'chai';
import { diffHtml, diffMarkers, diffVersions } from '../../modeler/src/lib/index.js';
import { compileXml, sampleMetadata, templateXml } from './helpers.js';

describe('modeler: version diff as HTML', () => {
  it('lists changed fields with before and after, escaped, and marks the changed elements', async () => {
    const v1 = await compileXml(templateXml());
    const v2 = await compileXml(
      templateXml()
        .replace(
          'motcua:role="specialist" motcua:duration="6"',
          'motcua:role="specialist" motcua:duration="5"',
        )
        .replace('name="Phê duyệt"', 'name="Phê duyệt &lt;b&gt;"'),
    );
    const m2 = sampleMetadata();
    m2.sector = 'Xây dựng';
    const d = diffVersions(
      { version: 1, ir: v1, metadata: sampleMetadata() },
      { version: 2, ir: v2, metadata: m2 },
    );
    const html = diffHtml(d, 'vi');
    expect(html).to.contain('So sánh phiên bản 1 với phiên bản 2');
    expect(html).to.contain(
      '<td>Lĩnh vực</td><td class="mc-before">Đất đai</td><td class="mc-after">Xây dựng</td>',
    );
    expect(html).to.contain('data-element="Task_Appraise"');
    expect(html).to.contain(
      '<td class="mc-before">6 ngày làm việc</td><td class="mc-after">5 ngày làm việc</td>',
    );
    expect(html).to.contain('Phê duyệt &#60;b&#62;');
    expect(html).to.not.contain('<b>');
    expect(diffHtml(d, 'en')).to.contain('<th>Before</th>');
    expect(diffMarkers(d)).to.deep.equal({
      before: { Task_Appraise: 'changed', Task_Approve: 'changed' },
      after: { Task_Appraise: 'changed', Task_Approve: 'changed' },
    });
  });

  it('says when only durations changed, and when nothing did', async () => {
    const v1 = await compileXml(templateXml());
    const v2 = await compileXml(templateXml().replace('motcua:duration="2"', 'motcua:duration="1.5"'));
    expect(diffHtml(diffVersions({ ir: v1 }, { ir: v2 }), 'vi')).to.contain(
      'Chỉ thay đổi thời hạn các bước.',
    );
    expect(diffHtml(diffVersions({ ir: v1 }, { ir: v1 }), 'en')).to.contain('The two versions are the same.');
  });
});
