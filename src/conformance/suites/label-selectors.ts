import { ConformanceFile, CaseRunner, CaseOutcome, PASS, fail, expectEqual, topLevelArraySuites } from '../suite';
import {
  Requirement,
  Selector,
  SelectorError,
  parseSelector,
  parseRequirements,
  parseSelectorOperator,
  lexSelector,
  tokenName,
  Token,
  newRequirement,
  requirementToString,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
  everything,
  nothing,
  matchesNothing,
  labelSelectorAsSelector,
  labelSelectorAsMap,
  formatLabels,
  convertSelectorToLabelsMap,
} from '../../api/label-selector';

/**
 * Adapter for label-selectors.json (apimachinery pkg/labels and metav1 helpers tests). Every
 * runner goes through src/api/label-selector.ts.
 */

interface TableRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
  zeroValueRequirement?: boolean;
}

/** A table requirement as the upstream test builds it: a struct literal, not validated. */
function requirementOf(r: TableRequirement): Requirement {
  if (r.zeroValueRequirement) return { key: '', operator: '', values: [] };
  return { key: r.key ?? '', operator: (r.operator ?? '') as Requirement['operator'], values: r.values ?? [] };
}

function plain(reqs: readonly Requirement[]): { key: string; operator: string; values: string[] }[] {
  return reqs.map((r) => ({ key: r.key, operator: r.operator, values: [...r.values] }));
}

/** Runs f expecting a SelectorError; passes when one is thrown and `check` (if any) accepts it. */
function expectSelectorError(f: () => unknown, what: string, check?: (e: SelectorError) => CaseOutcome): CaseOutcome {
  try {
    const got = f();
    return fail(`${what}: expected an error, got ${JSON.stringify(String(got))}`);
  } catch (e) {
    if (!(e instanceof SelectorError)) return fail(`${what}: threw a non-SelectorError: ${(e as Error).message}`);
    return check ? check(e) : PASS;
  }
}

function sortedJSON(map: Record<string, string> | null | undefined): string {
  if (map === null || map === undefined) return 'null';
  return JSON.stringify(Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

const selectorParse: CaseRunner = (c) => {
  if (!c.valid) return expectSelectorError(() => parseSelector(c.input), `Parse(${JSON.stringify(c.input)})`);
  return expectEqual(parseSelector(c.input).toString(), c.expectedString, `Parse(${JSON.stringify(c.input)}).String()`);
};

const selectorMatches: CaseRunner = (c) =>
  expectEqual(parseSelector(c.selector).matches(c.labels), c.expectedMatch, `Parse(${JSON.stringify(c.selector)}).Matches`);

const setMatches: CaseRunner = (c) => expectEqual(selectorFromSet(c.selectorSet).matches(c.labels), c.expectedMatch, 'SelectorFromSet.Matches');

const setSelectorParser: CaseRunner = (c) => {
  if (!c.valid) return expectSelectorError(() => parseSelector(c.input), `Parse(${JSON.stringify(c.input)})`);
  const reqs = parseRequirements(c.input);
  if (!c.structureAsserted) return PASS;
  return expectEqual(plain(reqs), plain((c.expectedRequirements as TableRequirement[]).map(requirementOf)), 'requirements');
};

const requirementSelectorMatching: CaseRunner = (c) => {
  const sel = selectorFromRequirements((c.requirements as TableRequirement[]).map(requirementOf));
  return expectEqual(sel.matches(c.labels), c.expectedMatch, 'Matches');
};

function builtinSelector(name: string): Selector {
  switch (name) {
    case 'Nothing()':
      return nothing();
    case 'Everything()':
    case 'sharedEverythingSelector':
      return everything();
    default:
      throw new Error(`unknown builtin selector ${name}`);
  }
}

const matchesNothingSuite: CaseRunner = (c) => {
  const sel =
    c.selectorKind === 'builtin'
      ? builtinSelector(c.selector)
      : c.selectorKind === 'set'
        ? selectorFromSet(c.selector)
        : parseSelector(c.selector);
  return expectEqual(matchesNothing(sel), c.expectedMatchesNothing, 'MatchesNothing');
};

const labelSelectorAsSelectorSuite: CaseRunner = (c) => {
  if (c.expectError) return expectSelectorError(() => labelSelectorAsSelector(c.labelSelector), 'LabelSelectorAsSelector');
  const sel = labelSelectorAsSelector(c.labelSelector);
  if (c.expectedSelectorKind === 'Nothing') {
    if (!matchesNothing(sel)) return fail(`expected Nothing, got ${JSON.stringify(sel.toString())}`);
    return sel.matches({}) ? fail('Nothing matched empty labels') : PASS;
  }
  return expectEqual(sel.toString(), c.expectedSelectorString, 'LabelSelectorAsSelector(...).String()');
};

const labelSelectorAsMapSuite: CaseRunner = (c) => {
  if (c.errorContains !== null) {
    return expectSelectorError(() => labelSelectorAsMap(c.labelSelector), 'LabelSelectorAsMap', (e) => {
      if (!e.message.includes(c.errorContains)) return fail(`error ${JSON.stringify(e.message)} lacks ${JSON.stringify(c.errorContains)}`);
      return expectEqual(sortedJSON(e.partialMap), sortedJSON(c.expectedMap), 'map returned with the error');
    });
  }
  return expectEqual(sortedJSON(labelSelectorAsMap(c.labelSelector)), sortedJSON(c.expectedMap), 'LabelSelectorAsMap');
};

const lexer: CaseRunner = (c) => expectEqual(tokenName(lexSelector(c.input)[0].token), c.token, `first token of ${JSON.stringify(c.input)}`);

const lexerSequence: CaseRunner = (c) =>
  expectEqual(
    lexSelector(c.input)
      .filter((t) => t.token !== Token.EndOfString)
      .map((t) => tokenName(t.token)),
    c.tokens,
    `tokens of ${JSON.stringify(c.input)}`,
  );

const parseOperator: CaseRunner = (c) => {
  if (c.valid) {
    parseSelectorOperator(c.input);
    return PASS;
  }
  return expectSelectorError(() => parseSelectorOperator(c.input), 'parseOperator', (e) =>
    expectEqual(e.message, c.expectedError, 'error'),
  );
};

const requirementConstructor: CaseRunner = (c) => {
  if (c.valid) {
    newRequirement(c.key, c.operator, c.values);
    return PASS;
  }
  return expectSelectorError(() => newRequirement(c.key, c.operator, c.values), 'NewRequirement', (e) => {
    const first = e.fieldErrors[0];
    if (!first) return fail(`no field error in ${JSON.stringify(e.message)}`);
    // The upstream test compares nil and empty value lists as equal.
    return expectEqual(
      { field: first.field, type: first.type, badValue: first.badValue ?? [] },
      { field: c.errorField, type: c.errorType, badValue: c.errorBadValue },
      'field error',
    );
  });
};

const requirementToStringSuite: CaseRunner = (c) =>
  expectEqual(
    (c.requirements as TableRequirement[]).map((r) => requirementToString(requirementOf(r))).join(','),
    c.expectedString,
    'String()',
  );

const add: CaseRunner = (c) => {
  const start = selectorFromRequirements((c.startRequirements as TableRequirement[]).map(requirementOf));
  const added = start.add(requirementOf(c.add));
  return expectEqual(
    plain(added.requirements().requirements),
    plain((c.expectedRequirements as TableRequirement[]).map(requirementOf)),
    'requirements after Add',
  );
};

const setSelectorString: CaseRunner = (c) => expectEqual(validatedSelectorFromSet(c.set).toString(), c.expectedString, 'String()');

const requiresExactMatch: CaseRunner = (c) => {
  const sel = selectorFromRequirements((c.requirements as TableRequirement[]).map(requirementOf));
  const v = sel.requiresExactMatch(c.label);
  return expectEqual({ found: v !== undefined, value: v ?? '' }, { found: c.expectedFound, value: c.expectedValue }, 'RequiresExactMatch');
};

const validatedSelectorFromSetSuite: CaseRunner = (c) => {
  if (c.valid) {
    return expectEqual(
      plain(validatedSelectorFromSet(c.set).requirements().requirements),
      plain((c.expectedRequirements as TableRequirement[]).map(requirementOf)),
      'requirements',
    );
  }
  return expectSelectorError(() => validatedSelectorFromSet(c.set), 'ValidatedSelectorFromSet', (e) => {
    const first = e.fieldErrors[0];
    return expectEqual(
      first && { field: first.field, type: first.type, badValue: first.badValue },
      { field: c.errorField, type: c.errorType, badValue: c.errorBadValue },
      'field error',
    );
  });
};

const labelsSetString: CaseRunner = (c) => expectEqual(formatLabels(c.set), c.expectedString, 'Set.String()');

const convertSelectorToLabelsMapSuite: CaseRunner = (c) => {
  if (!c.valid) return expectSelectorError(() => convertSelectorToLabelsMap(c.selector), 'ConvertSelectorToLabelsMap');
  return expectEqual(sortedJSON(convertSelectorToLabelsMap(c.selector)), sortedJSON(c.expectedLabels), 'labels');
};

const runners: Record<string, CaseRunner> = {
  selectorParse,
  selectorMatches,
  setMatches,
  setSelectorParser,
  requirementSelectorMatching,
  matchesNothing: matchesNothingSuite,
  labelSelectorAsSelector: labelSelectorAsSelectorSuite,
  labelSelectorAsMap: labelSelectorAsMapSuite,
  lexer,
  lexerSequence,
  parseOperator,
  requirementConstructor,
  requirementToString: requirementToStringSuite,
  add,
  setSelectorString,
  requiresExactMatch,
  validatedSelectorFromSet: validatedSelectorFromSetSuite,
  labelsSetString,
  convertSelectorToLabelsMap: convertSelectorToLabelsMapSuite,
};

/** Adapter for label-selectors.json. Suites without a runner are reported as skipped. */
export const labelSelectorsFile: ConformanceFile = {
  file: 'label-selectors.json',
  listSuites: (doc) => topLevelArraySuites(doc),
  runners,
};
