import { PairMemo } from '../../src/engine/pair-memo';

describe('PairMemo', () => {
  test('computes each pair once, and tells pairs apart by both strings', () => {
    const calls: string[] = [];
    const memo = new PairMemo((a, b) => { calls.push(`${a}|${b}`); return `${a}/${b}`.length; });
    expect(memo.get('apps/v1', 'Deployment')).toBe(18);
    expect(memo.get('apps/v1', 'Deployment')).toBe(18);
    expect(memo.get('v1', 'Service')).toBe(10);
    expect(memo.get('apps/v1', 'StatefulSet')).toBe(19);
    // strings equal in content but built separately hit the same entry
    expect(memo.get(['apps', 'v1'].join('/'), 'Deploy' + 'ment')).toBe(18);
    expect(calls).toEqual(['apps/v1|Deployment', 'v1|Service', 'apps/v1|StatefulSet']);
  });

  test('keeps answers that are falsy (null, false, 0) instead of computing them again', () => {
    let n = 0;
    const memo = new PairMemo<boolean | null>((a) => { n++; return a === 'x' ? null : false; });
    memo.get('x', 'k'); memo.get('x', 'k'); memo.get('y', 'k'); memo.get('y', 'k');
    expect(n).toBe(2);
  });

  test('past its bound it computes instead of growing', () => {
    let n = 0;
    const memo = new PairMemo((a, b) => { n++; return a + b; }, 2);
    for (const a of ['a', 'b', 'c']) for (let r = 0; r < 2; r++) expect(memo.get(a, 'k')).toBe(`${a}k`);
    expect(n).toBe(4); // a and b once each; c (the third first string) twice
    for (const b of ['k', 'l', 'm']) for (let r = 0; r < 2; r++) memo.get('a', b);
    expect(n).toBe(4 + 1 + 2); // 'a' holds k and l; m is computed each time
  });
});
