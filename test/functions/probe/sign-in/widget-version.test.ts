// sign-in-widget: the widget version the page loaded, judged against the newest major the widget's docs name; a
// warning only of a journey that signed in, and never "up to date" for a version not seen.
import { describe, expect, it } from 'vitest';
import { fail, judged, pass } from '../../../../functions/probe/verdict';
import {
  judgeWidgetVersion,
  NEWEST_WIDGET_MAJOR,
  widgetMajor,
} from '../../../../functions/probe/sign-in/widget-version';

const signedIn = (widgetVersion?: string) =>
  judged(pass({ flow: 'browser', ...(widgetVersion !== undefined && { widgetVersion }) }));

describe('judgeWidgetVersion', () => {
  it('passes the newest major, and warns SIGN_IN_WIDGET_OUTDATED of an older one, naming both', () => {
    expect(judgeWidgetVersion(signedIn(`${NEWEST_WIDGET_MAJOR}.49.0`)).judgement).toMatchObject({ diagnosis: null });
    const old = judgeWidgetVersion(signedIn('6.9.0')).judgement;
    expect(old).toMatchObject({
      diagnosis: { code: 'SIGN_IN_WIDGET_OUTDATED' },
      observed: { widgetVersion: '6.9.0', newestWidgetMajor: NEWEST_WIDGET_MAJOR },
    });
    expect('diagnosis' in old && old.diagnosis?.detail).toMatch(/Sign-In Widget 6\.9\.0, older than 7\.x/);
  });

  it('a version not seen is skipped, never a pass', () => {
    expect(judgeWidgetVersion(signedIn()).judgement).toMatchObject({ notRun: 'skip' });
  });

  it('a journey that did not sign in is skipped, its own diagnosis saying why', () => {
    const failed = judged(fail('SIGN_IN_PAGE_BLANK', 'blank', { widgetVersion: '5.0.0' }));
    expect(judgeWidgetVersion(failed).judgement).toMatchObject({ notRun: 'skip' });
  });

  it('reads a major from a version, and none from what is not one', () => {
    expect([widgetMajor('7.49.0'), widgetMajor('6.9'), widgetMajor('latest'), widgetMajor('7')]).toEqual([
      7,
      6,
      undefined,
      undefined,
    ]);
  });
});
