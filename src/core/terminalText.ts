/**
 * Text from outside (runbooks, providers, command output) drawn on a terminal must not drive it:
 * an escape sequence could recolour or clear the screen, move the cursor to forge a line, set
 * the window title, write the clipboard (OSC 52) or hide a link target (OSC 8). Sequences are
 * removed whole (a half-removed one would leave its parameters as visible garbage); other C0 and
 * C1 controls are dropped; newline and tab stay, and CRLF becomes a newline (a lone CR could
 * overwrite what is already on the line).
 */

// String sequences: OSC, DCS, SOS, PM, APC, in 7-bit (ESC ] …) and 8-bit (U+009D …) form, up to
// their terminator (BEL or ST) or, unterminated, to the end of their line: one cut short (a
// command's output ending mid-title) took everything after it, in a postmortem every section
// after the action's output.
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\n]*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)/g;
// CSI (ESC [ or U+009B): parameters, intermediates, one final byte.
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g;
// Any other escape: intermediates and one final byte (ESC c, ESC 7, ESC ( B, ...).
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidirectional marks, embeddings, overrides and isolates: text drawn in another order than it is
// (a flag's name read backwards, "Trojan Source").
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripTerminalControls(text: string): string {
  // The common case (plain text) costs one test.
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  return text.replace(STRING_SEQUENCE, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(/\r\n/g, '\n').replace(CONTROLS, '').replace(BIDI, '');
}
