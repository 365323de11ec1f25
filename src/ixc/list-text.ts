/**
 * Reading a list answer's JSON text besides parsing it. `JSON.parse` makes a row of 128
 * columns or more (a `cliente` row has about 150) a dictionary-mode object, on which every
 * enumeration (`Object.keys`, `for…in`) sorts the keys: looking for credential columns and
 * for values that are not strings row by row cost more than a third of the parse. Two
 * searches of the text answer both for a whole page at a fraction of that: which member
 * names hold a credential word, and whether any member's value is not a string.
 *
 * Both are conservative: a text that is not as IXC writes it (compact JSON, flat rows) makes
 * them say they cannot tell, or that some value may not be a string, and the rows are then
 * read one by one.
 */

const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** The search for a member name containing a word, or an escape that may spell one. */
interface WordSearch {
  /** Every place a word, or a `\u` escape, occurs (global). */
  find: RegExp;
  /** Whether a decoded name contains a word. */
  test: RegExp;
}

const searches = new Map<string, WordSearch>();

function searchFor(words: readonly string[]): WordSearch {
  const key = words.join('\n');
  let search = searches.get(key);
  if (!search) {
    const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    // A name can spell a word with `\u` escapes, which the raw text does not show: every
    // escape is a place to decode the name and look. Other escapes give no letters.
    search = {
      find: new RegExp(`${alternatives}|\\\\u`, 'gi'),
      test: new RegExp(alternatives, 'i'),
    };
    searches.set(key, search);
  }
  return search;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** A quote is escaped when an odd number of backslashes comes right before it. */
function isEscaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) n++;
  return (n & 1) === 1;
}

/** The opening quote of the string that holds `at`. */
function openingQuote(text: string, at: number): number {
  let q = text.lastIndexOf('"', at - 1);
  while (q > 0 && isEscaped(text, q)) q = text.lastIndexOf('"', q - 1);
  return q;
}

/** The closing quote of a string whose content goes on at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q >= 0 && isEscaped(text, q)) q = text.indexOf('"', q + 1);
  return q;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Every member name in `text` that contains one of `words` (any case), decoded, each once;
 * null when a name that may hold one cannot be read (an invalid escape), and the caller
 * must then look at the rows themselves.
 */
export function namesContaining(text: string, words: readonly string[]): string[] | null {
  const { find, test } = searchFor(words);
  const names: string[] = [];
  find.lastIndex = 0;
  for (let match = find.exec(text); match !== null; match = find.exec(text)) {
    // Letters and escapes occur only inside strings: the match is in one.
    const open = openingQuote(text, match.index);
    const close = closingQuote(text, match.index + match[0].length);
    if (open < 0 || close < 0) return null;
    find.lastIndex = close + 1;
    if (text.charCodeAt(skipSpace(text, close + 1)) !== COLON) continue; // a value, not a name
    const raw = text.slice(open + 1, close);
    let name = raw;
    if (raw.includes('\\')) {
      try {
        name = JSON.parse(`"${raw}"`) as string;
      } catch {
        return null;
      }
    }
    if (test.test(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Counts the places in `text` where a member's value may not be a string: a name's closing
 * quote and its colon followed by anything but a quote, or space between a name and its
 * colon, where the value is not looked at. Every member whose value is not a string is
 * counted; a string's content may add to the count, never take from it.
 */
export function nonStringMembers(text: string): number {
  const find = /"(?::[^"]|\s+:)/g;
  let n = 0;
  while (find.exec(text) !== null) n++;
  return n;
}
