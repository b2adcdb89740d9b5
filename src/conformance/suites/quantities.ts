import { ConformanceFile, CaseRunner, CaseOutcome, PASS, fail, expectEqual, topLevelArraySuites } from '../suite';
import {
  Quantity,
  QuantityError,
  parseQuantity,
  parseQuantityString,
  parseQuantityJSON,
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
  newQuantity,
  newMilliQuantity,
  newScaledQuantity,
} from '../../api/quantity';

/**
 * Adapter for quantities.json (apimachinery pkg/api/resource/quantity_test.go). Every runner goes
 * through src/api/quantity.ts; the table's exact values are compared as plain decimal strings.
 */

/** The value a '-'-prefixed input must parse to: the negated exact value ("-0" is "0"). */
function negated(exact: string): string {
  if (exact === '0') return '0';
  return exact.startsWith('-') ? exact.slice(1) : `-${exact}`;
}

function checkParsed(input: string, exact: string, format: string): string | undefined {
  let q: Quantity;
  try {
    q = parseQuantity(input);
  } catch (e) {
    return `ParseQuantity(${JSON.stringify(input)}) threw ${(e as Error).message}`;
  }
  const got = quantityToDecimalString(q);
  if (got !== exact) return `ParseQuantity(${JSON.stringify(input)}) = ${got}, expected ${exact}`;
  if (q.format !== format) return `ParseQuantity(${JSON.stringify(input)}) format ${q.format}, expected ${format}`;
  return undefined;
}

function firstFailure(checks: ReadonlyArray<[unknown, unknown, string]>): CaseOutcome {
  for (const [actual, expected, what] of checks) {
    const outcome = expectEqual(actual, expected, what);
    if (outcome.status !== 'pass') return outcome;
  }
  return PASS;
}

const parse: CaseRunner = (c) => {
  for (const [input, exact] of [
    [c.input, c.expectedExact],
    [`-${c.input}`, negated(c.expectedExact)],
    [`+${c.input}`, c.expectedExact],
  ] as const) {
    const problem = checkParsed(input, exact, c.expectedFormat);
    if (problem) return fail(problem);
  }
  const q = parseQuantity(c.input);
  return firstFailure([
    [scaledValue(q, -9).toString(), c.expectedNanoValue, 'nano value'],
    [milliValue(q).toString(), c.expectedMilliValue, 'MilliValue()'],
    [value(q).toString(), c.expectedValue, 'Value()'],
    [roundUpQuantity(q, -3).exact, c.milliValueIsExact, 'RoundUp(milli) exact'],
    [roundUpQuantity(q, 0).exact, c.valueIsExact, 'RoundUp(0) exact'],
  ]);
};

const parseInvalid: CaseRunner = (c) => {
  try {
    const q = parseQuantity(c.input);
    return fail(`ParseQuantity(${JSON.stringify(c.input)}) accepted it as ${quantityToString(q)}`);
  } catch (e) {
    return e instanceof QuantityError ? PASS : fail(`threw a non-QuantityError: ${(e as Error).message}`);
  }
};

const cmp: CaseRunner = (c) => expectEqual(cmpQuantity(parseQuantity(c.x), parseQuantity(c.y)), c.expected, `Cmp(${c.x}, ${c.y})`);

function arithmetic(op: (a: Quantity, b: Quantity) => Quantity): CaseRunner {
  return (c) => {
    const a = quantityFromDecimal(c.a.exact, c.a.format);
    const b = quantityFromDecimal(c.b.exact, c.b.format);
    const r = op(a, b);
    return firstFailure([
      [quantityToDecimalString(r), quantityToDecimalString(quantityFromDecimal(c.expected.exact, c.expected.format)), 'value'],
      [r.format, c.expected.format, 'format'],
    ]);
  };
}

const roundUp: CaseRunner = (c) => {
  const { q, exact } = roundUpQuantity(parseQuantity(c.input), c.scale);
  return firstFailure([
    [quantityToDecimalString(q), c.expectedExact, `RoundUp(${c.scale}) value`],
    [exact, c.expectedOk, `RoundUp(${c.scale}) ok`],
  ]);
};

const canonicalString: CaseRunner = (c) => {
  const q = quantityFromDecimal(c.exactValue, c.format);
  const checks: [unknown, unknown, string][] = [
    [quantityToString(q), c.expectedString, 'String()'],
    [quantityToString(parseQuantity(c.expectedString)), c.expectedString, 'ParseQuantity(expected).String()'],
    [quantityToString(q.neg()), c.expectedString === '0' ? '0' : `-${c.expectedString}`, 'negated String()'],
  ];
  if (c.alternateInput !== null) {
    checks.push([quantityToString(parseQuantity(c.alternateInput)), c.expectedString, 'ParseQuantity(alternate).String()']);
  }
  return firstFailure(checks);
};

const parseEmit: CaseRunner = (c) => {
  const neg = parseQuantity(`-${c.input}`);
  return firstFailure([
    [quantityToString(parseQuantity(c.input)), c.expectedString, 'String()'],
    [quantityToString(neg), neg.isZero() ? '0' : `-${c.expectedString}`, 'negated String()'],
  ]);
};

const largeValues: CaseRunner = (c) => {
  const q = parseQuantity(c.input);
  return firstFailure([
    [quantityToDecimalString(q), c.expectedExact, 'value'],
    [quantityToString(q), c.expectedString, 'String()'],
  ]);
};

const parseQuantityStringSuite: CaseRunner = (c) => {
  const p = parseQuantityString(c.input);
  return expectEqual(
    { positive: p.positive, value: p.value, num: p.num, denom: p.denom, suffix: p.suffix },
    { positive: c.positive, value: c.value, num: c.num, denom: c.denom, suffix: c.suffix },
    `parseQuantityString(${JSON.stringify(c.input)})`,
  );
};

const newMilliQuantitySuite: CaseRunner = (c) => {
  const s = quantityToString(newMilliQuantity(c.milliValue, c.format));
  const checks: [unknown, unknown, string][] = [[s, c.expectedString, 'String()']];
  if (c.roundTripExact) checks.push([milliValue(parseQuantity(s)).toString(), String(c.milliValue), 'round trip MilliValue()']);
  return firstFailure(checks);
};

const newQuantitySuite: CaseRunner = (c) => {
  const s = quantityToString(newQuantity(c.value, c.format));
  return firstFailure([
    [s, c.expectedString, 'String()'],
    [value(parseQuantity(s)).toString(), String(c.value), 'round trip Value()'],
  ]);
};

const newScaledQuantitySuite: CaseRunner = (c) => {
  const s = quantityToString(newScaledQuantity(c.value, c.scale));
  return firstFailure([
    [s, c.expectedString, 'String()'],
    [scaledValue(parseQuantity(s), c.scale).toString(), String(c.value), 'round trip ScaledValue()'],
  ]);
};

const scaledValueSuite: CaseRunner = (c) =>
  expectEqual(scaledValue(newScaledQuantity(1, c.fromScale), c.toScale).toString(), String(c.expectedScaledValue), 'ScaledValue');

const jsonWhitespace: CaseRunner = (c) => expectEqual(quantityToString(parseQuantityJSON(c.jsonInput)), c.expectedString, 'String()');

const runners: Record<string, CaseRunner> = {
  parse,
  parseInvalid,
  cmp,
  add: arithmetic(addQuantity),
  sub: arithmetic(subQuantity),
  roundUp,
  canonicalString,
  parseEmit,
  largeValues,
  parseQuantityString: parseQuantityStringSuite,
  newMilliQuantity: newMilliQuantitySuite,
  newQuantity: newQuantitySuite,
  newScaledQuantity: newScaledQuantitySuite,
  scaledValue: scaledValueSuite,
  jsonWhitespace,
};

/** Adapter for quantities.json. Suites without a runner are reported as skipped. */
export const quantitiesFile: ConformanceFile = {
  file: 'quantities.json',
  listSuites: (doc) => topLevelArraySuites(doc),
  runners,
};
