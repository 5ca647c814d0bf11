// Text bound for a terminal or a log line, from anyone: Okta's answers, an alarm's reason, a stored record. A control
// character there drives the terminal (ESC starts CSI colours, OSC 8 links and OSC 52 clipboard writes; BEL, BS and
// CR rewrite what the reader sees), so every C0 and C1 control but the line break and the tab is dropped.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without the control characters a terminal acts on; line breaks and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, '');
}
