import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Quantity,
  QuantityError,
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  parseQuantity,
  quantityToString,
  quantityToDecimalString,
  quantityFromDecimal,
  cmpQuantity,
  addQuantity,
  subQuantity,
  roundUpQuantity,
  milliValue,
  value,
  scaledValue,
  newScaledQuantity,
  resourceAmount,
  isValidQuantity,
} from '../src/api/quantity';

function exact(s: string): string {
  return quantityToDecimalString(parseQuantity(s));
}

test('ParseQuantity: DecimalSI, BinarySI and DecimalExponent suffixes give the exact value and keep the format', () => {
  const rows: [string, string, string][] = [
    ['250m', '0.25', 'DecimalSI'],
    ['1.5', '1.5', 'DecimalSI'],
    ['8k', '8000', 'DecimalSI'],
    ['12E', '12000000000000000000', 'DecimalSI'],
    ['6Gi', '6442450944', 'BinarySI'],
    ['0.05Gi', '53687091.2', 'BinarySI'],
    ['1.3E+6', '1300000', 'DecimalExponent'],
    ['0.5e-2', '0.005', 'DecimalExponent'],
    ['-3.5k', '-3500', 'DecimalSI'],
    ['+7Mi', '7340032', 'BinarySI'],
  ];
  for (const [input, want, format] of rows) {
    const q = parseQuantity(input);
    assert.equal(quantityToDecimalString(q), want, input);
    assert.equal(q.format, format, input);
  }
});

test('ParseQuantity rounds values finer than 1n up, away from zero (quantity.go: "if you want some resources, you should get some")', () => {
  assert.equal(exact('0.5e-9'), '0.000000001');
  assert.equal(exact('3.001n'), '0.000000004');
  assert.equal(exact('0.00000012345'), '0.000000124');
  assert.equal(exact('-0.00000012345'), '-0.000000124');
});

test('ParseQuantity caps BinarySI at 2^63-1 and turns a BinarySI value below 1 into DecimalSI', () => {
  assert.equal(exact('9Ei'), '9223372036854775807');
  assert.equal(exact('-9Ei'), '-9223372036854775807');
  assert.equal(exact('12E'), '12000000000000000000', 'DecimalSI is not capped');
  const tiny = parseQuantity('0.000000000001Ki');
  assert.equal(quantityToString(tiny), '2n');
  assert.equal(tiny.format, 'DecimalSI');
});

test('ParseQuantity errors carry upstream messages: ErrFormatWrong, ErrSuffix, ErrNumeric', () => {
  const cases: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['1 ', ERR_FORMAT_WRONG],
    ['1+1.0M', ERR_FORMAT_WRONG],
    ['aoeu', ERR_FORMAT_WRONG],
    ['0.1mi', ERR_SUFFIX],
    ['-3.01e-', ERR_SUFFIX],
    ['.e-10', ERR_NUMERIC],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseQuantity(input),
      (e: unknown) => e instanceof QuantityError && e.message === message,
      JSON.stringify(input),
    );
  }
  assert.equal(
    ERR_FORMAT_WRONG,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
  assert.equal(isValidQuantity('100Mi'), true);
  assert.equal(isValidQuantity('100MB'), false);
});

test('String() is the canonical form (Quantity.CanonicalizeBytes): largest exact suffix, BinarySI only for integers >= 1024', () => {
  const rows: [string, string][] = [
    ['1024Mi', '1Gi'],
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1000000000n', '1'],
    ['0.001T', '1G'],
    ['.001e12', '1e9'],
    ['1000e-12', '1e-9'],
    ['.001Ki', '1024m'],
    ['0', '0'],
    ['-0m', '0'],
    ['10000000000000000000', '10E'],
  ];
  for (const [input, want] of rows) assert.equal(quantityToString(parseQuantity(input)), want, input);
});

test('String() keeps the parsed input where ParseQuantity fast path judges it canonical, as upstream', () => {
  assert.equal(quantityToString(parseQuantity('+1k')), '+1k');
  assert.equal(quantityToString(parseQuantity('1.G')), '1.G');
  assert.equal(quantityToString(addQuantity(parseQuantity('+1k'), parseQuantity('0'))), '1k', 'arithmetic drops it');
});

test('Cmp compares exact values across formats', () => {
  assert.equal(cmpQuantity(parseQuantity('10000T'), parseQuantity('100Gi')), 1);
  assert.equal(cmpQuantity(parseQuantity('50m'), parseQuantity('100m')), -1);
  assert.equal(cmpQuantity(parseQuantity('1Ki'), parseQuantity('1024')), 0);
  assert.equal(cmpQuantity(parseQuantity('-1'), parseQuantity('1n')), -1);
  assert.equal(cmpQuantity(parseQuantity('1e1000000000'), parseQuantity('9E')), 1);
});

test('Add and Sub keep the receiver format unless it is zero (Quantity.Add/Sub)', () => {
  const sum = addQuantity(quantityFromDecimal('10', 'BinarySI'), quantityFromDecimal('1', 'DecimalSI'));
  assert.equal(quantityToDecimalString(sum), '11');
  assert.equal(sum.format, 'BinarySI');
  const fromZero = addQuantity(parseQuantity('0'), parseQuantity('1Gi'));
  assert.equal(quantityToString(fromZero), '1Gi');
  assert.equal(quantityToString(subQuantity(parseQuantity('0'), parseQuantity('100m'))), '-100m');
  assert.equal(quantityToString(addQuantity(parseQuantity('100m'), parseQuantity('0'))), '100m');
  assert.equal(quantityToString(subQuantity(parseQuantity('1Gi'), parseQuantity('512Mi'))), '512Mi');
});

test('RoundUp(scale) rounds away from zero and reports precision loss (Quantity.RoundUp)', () => {
  const rows: [string, number, string, boolean][] = [
    ['9.01', -3, '9.01', true],
    ['9.01', -1, '9.1', false],
    ['9.01', 0, '10', false],
    ['9.01', 2, '100', false],
    ['-9.01', 0, '-10', false],
  ];
  for (const [input, scale, want, ok] of rows) {
    const r = roundUpQuantity(parseQuantity(input), scale);
    assert.equal(quantityToDecimalString(r.q), want, `${input} @ ${scale}`);
    assert.equal(r.exact, ok, `${input} @ ${scale}`);
  }
});

test('MilliValue and Value round up away from zero; ScaledValue is ceil(q / 10^scale)', () => {
  assert.equal(milliValue(parseQuantity('250m')), 250n);
  assert.equal(milliValue(parseQuantity('4u')), 1n);
  assert.equal(value(parseQuantity('3m')), 1n);
  assert.equal(value(parseQuantity('0.05Gi')), 53687092n);
  assert.equal(value(parseQuantity('-1.5')), -2n);
  assert.equal(value(parseQuantity('6Gi')), 6442450944n);
  assert.equal(scaledValue(newScaledQuantity(1, -9), 0), 1n);
  assert.equal(scaledValue(newScaledQuantity(1, 0), -9), 1000000000n);
});

test('resourceAmount: millicores for cpu, rounded-up Value for everything else; numbers read as decimal strings', () => {
  assert.equal(resourceAmount('cpu', '250m'), 250);
  assert.equal(resourceAmount('cpu', 2), 2000);
  assert.equal(resourceAmount('cpu', 0.1), 100);
  assert.equal(resourceAmount('cpu', '0.1m'), 1);
  assert.equal(resourceAmount('memory', '1Gi'), 1073741824);
  assert.equal(resourceAmount('memory', '1.5k'), 1500);
  assert.equal(resourceAmount('ephemeral-storage', '0.5'), 1);
  assert.equal(resourceAmount('pods', 110), 110);
  assert.equal(resourceAmount('nvidia.com/gpu', '1'), 1);
  assert.equal(resourceAmount('hugepages-2Mi', '4Mi'), 4194304);
  assert.equal(resourceAmount('memory', '1Gi'), 1073741824, 'memoised answer is the same');
  assert.throws(() => resourceAmount('memory', '1 Gi'), QuantityError);
  assert.throws(() => resourceAmount('cpu', Number.NaN), QuantityError);
});

const SUFFIXES = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'e3', 'e-4', 'E+2'];
const quantityText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{1,22}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,12}$/), { nil: undefined }),
    fc.constantFrom(...SUFFIXES),
  )
  .map(([sign, int, frac, suffix]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${suffix}`);

test('property: ParseQuantity(String(q)) equals q in value and format (a canonical string re-parses to itself)', () => {
  fc.assert(
    fc.property(quantityText, (text) => {
      const q = parseQuantity(text);
      const s = quantityToString(q);
      const back = parseQuantity(s);
      assert.equal(cmpQuantity(back, q), 0, `${text} -> ${s}`);
      assert.equal(quantityToString(back), s, `${text} -> ${s}`);
      // DecimalSI always survives; the others survive whenever their suffix is printed.
      const kept = q.format === 'DecimalSI' || (q.format === 'BinarySI' ? s.endsWith('i') : /e/.test(s));
      if (kept) assert.equal(back.format, q.format, `${text} -> ${s}`);
    }),
    { numRuns: 2000 },
  );
});

test('property: Add then Sub gives back the value; Cmp agrees with the sign of the difference', () => {
  fc.assert(
    fc.property(quantityText, quantityText, (x, y) => {
      const a = parseQuantity(x);
      const b = parseQuantity(y);
      assert.equal(cmpQuantity(subQuantity(addQuantity(a, b), b), a), 0);
      const diff = subQuantity(a, b);
      assert.equal(cmpQuantity(a, b), diff.sign());
    }),
    { numRuns: 1000 },
  );
});

test('Quantity is immutable: operations return new quantities', () => {
  const a = parseQuantity('1Gi');
  const b = addQuantity(a, parseQuantity('1Gi'));
  assert.ok(b instanceof Quantity);
  assert.equal(quantityToString(a), '1Gi');
  assert.equal(quantityToString(b), '2Gi');
});
