import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandArgv, expandTemplate, templateUses } from '../../../src/core/templates';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
/** Text that cannot form a template: no braces at all. */
const literal = fc.string({ maxLength: 12 }).map((s) => s.replace(/[{}]/g, ''));
const anyValue = fc.string({ unit: 'grapheme', maxLength: 20 });

type Part = { literal: string } | { ref: string; spaced: boolean };
const parts = fc.array(
  fc.oneof(
    literal.map((text): Part => ({ literal: text })),
    fc.record({ ref: name, spaced: fc.boolean() }).map((p): Part => p),
  ),
  { maxLength: 8 },
);
const render = (ps: Part[]) => ps.map((p) => ('literal' in p ? p.literal : p.spaced ? `{{ ${p.ref} }}` : `{{${p.ref}}}`)).join('');

describe('templateUses', () => {
  it('finds each {{name}} with the offset of its braces', () => {
    const text = 'run {{service}} in {{ env }} as {{service}}';
    expect(templateUses(text)).toEqual([
      { name: 'service', offset: text.indexOf('{{service}}') },
      { name: 'env', offset: text.indexOf('{{ env }}') },
      { name: 'service', offset: text.lastIndexOf('{{service}}') },
    ]);
  });

  it('ignores braces that are not a template', () => {
    expect(templateUses('{{}} {{1x}} {{a b}} {single} {{-x}}')).toEqual([]);
  });

  it('finds exactly the references a text was built from (property)', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const refs = ps.flatMap((p) => ('ref' in p ? [p.ref] : []));
        expect(templateUses(render(ps)).map((use) => use.name)).toEqual(refs);
      }),
    );
  });
});

describe('expandTemplate', () => {
  it('substitutes every reference by its value and nothing else (property)', () => {
    fc.assert(
      fc.property(parts, fc.dictionary(name, anyValue), anyValue, (ps, given, fallback) => {
        const vars = { ...Object.fromEntries(ps.flatMap((p) => ('ref' in p ? [[p.ref, fallback]] : []))), ...given };
        const expected = ps.map((p) => ('literal' in p ? p.literal : vars[p.ref]!)).join('');
        expect(expandTemplate(render(ps), vars)).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it('inserts values literally, even ones that look like replacement patterns or templates', () => {
    for (const value of ['$&', '$1', "$'", '$$', '{{service}}', '`id`', '; rm -rf /']) {
      expect(expandTemplate('<{{v}}>', { v: value, service: 'x' })).toEqual({ ok: true, value: `<${value}>` });
    }
  });

  it('lists each missing variable once', () => {
    expect(expandTemplate('{{a}} {{b}} {{a}} {{c}}', { c: '1' })).toEqual({ ok: false, missing: ['a', 'b'] });
  });

  it('does not treat inherited object properties as variables', () => {
    expect(expandTemplate('{{constructor}}', {})).toEqual({ ok: false, missing: ['constructor'] });
  });
});

describe('expandArgv', () => {
  it('keeps one element per element, each expanded on its own (property)', () => {
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 6 }), anyValue, (elements, value) => {
        const argv = elements.map(render);
        const vars = Object.fromEntries(elements.flat().flatMap((p) => ('ref' in p ? [[p.ref, value]] : [])));
        const expanded = expandArgv(argv, vars);
        expect(expanded).toEqual({ ok: true, value: argv.map((element) => (expandTemplate(element, vars) as { value: string }).value) });
      }),
    );
  });

  it('names the first element with an undefined variable', () => {
    expect(expandArgv(['{{a}}', 'ok', '{{b}} {{c}}', '{{d}}'], { a: '1' })).toEqual({ ok: false, index: 2, missing: ['b', 'c'] });
  });

  it('never splits a value with spaces or newlines into several elements', () => {
    expect(expandArgv(['--service', '{{service}}'], { service: 'checkout api\n--force' })).toEqual({
      ok: true,
      value: ['--service', 'checkout api\n--force'],
    });
  });
});
