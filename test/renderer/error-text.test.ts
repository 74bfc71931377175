import { describe, expect, it } from 'vitest';
import { errorText } from '../../src-renderer/error-text';
import { APP_ERROR_CODES, type AppError } from '../../src-shared/errors';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { windowTranslator } from './translator';

const en = windowTranslator('en');

const certificate = {
  fingerprint256: 'AA',
  subject: 'CN=box',
  issuer: 'CN=box',
  validFrom: '2026-11-28T00:00:00Z',
  validTo: '2027-11-28T00:00:00Z',
  selfSigned: true,
};

/** One error of every code, with the details its code carries. */
const SAMPLES: Record<AppError['code'], AppError> = {
  invalid_request: {
    code: 'invalid_request',
    message: 'bad',
    issues: [{ path: 'baseUrl', message: 'must be http(s)' }],
  },
  not_found: { code: 'not_found', message: 'gone', what: 'session' },
  unreachable: { code: 'unreachable', message: 'down' },
  timeout: { code: 'timeout', message: 'slow', phase: 'headers' },
  tls_untrusted: {
    code: 'tls_untrusted',
    message: 'self-signed',
    reason: 'self-signed certificate',
    certificate,
  },
  tls_pin_mismatch: {
    code: 'tls_pin_mismatch',
    message: 'changed',
    expectedFingerprint: 'BB',
    certificate,
  },
  unauthorized: { code: 'unauthorized', message: 'no' },
  otp_required: { code: 'otp_required', message: 'otp' },
  forbidden: { code: 'forbidden', message: 'no', permission: 'admin.settings.update' },
  version_conflict: {
    code: 'version_conflict',
    message: 'changed',
    current: {
      ...DEFAULT_SETTINGS,
      version: 2,
      updatedAt: '2026-11-28T00:00:00Z',
      updatedBy: 'colleague',
    },
  },
  invalid_settings: {
    code: 'invalid_settings',
    message: 'bad',
    errors: [
      {
        field: 'timeouts.idleMinutes',
        code: 'range',
        message: 'Idle timeout must be from 1 to 1,440 minutes.',
      },
    ],
  },
  rate_limited: { code: 'rate_limited', message: 'slow down', retryAfterSeconds: 600 },
  protocol_error: {
    code: 'protocol_error',
    message:
      "The server's answer is not what the QuickBox session API returns: HTTP 200 with text/html instead of JSON.",
  },
  keychain_unavailable: {
    code: 'keychain_unavailable',
    message: 'none',
    hint: 'Install gnome-keyring.',
  },
  no_credentials: { code: 'no_credentials', message: 'none' },
  confirmation_mismatch: { code: 'confirmation_mismatch', message: 'typo' },
  registry_error: { code: 'registry_error', message: 'disk' },
  sender_refused: { code: 'sender_refused', message: 'refused' },
  internal: { code: 'internal', message: 'oops' },
};

describe('errorText', () => {
  it('has a sentence and an action for every error code', () => {
    for (const code of APP_ERROR_CODES) {
      const text = errorText(en, SAMPLES[code]);
      expect(text.title, code).toMatch(/^[A-Z].+[.)]$/s);
      expect(text.action, code).toMatch(/^[A-Z].+\.$/s);
    }
  });

  it('uses the details a code carries', () => {
    expect(errorText(en, SAMPLES.forbidden).title).toContain('admin.settings.update');
    expect(errorText(en, SAMPLES.version_conflict).title).toContain('colleague');
    expect(errorText(en, SAMPLES.invalid_settings).title).toContain(
      'Idle timeout must be from 1 to 1,440',
    );
    expect(errorText(en, SAMPLES.rate_limited).action).toContain('Wait 10 minutes');
    expect(errorText(en, SAMPLES.keychain_unavailable).action).toBe('Install gnome-keyring.');
    expect(errorText(en, SAMPLES.not_found).title).toBe('That session has already ended.');
  });

  it('says what was wrong with a broken answer, so a feed that does not move forward reads as such', () => {
    const text = errorText(en, {
      code: 'protocol_error',
      message:
        "The server's answer is not what the QuickBox session API returns: asked for the events after id 2000, its event feed sent id 1: the feed does not move forward",
    });

    expect(text.title).toBe(
      "The server's answer is not what the QuickBox session API returns: asked for the events after id 2000, its event feed sent id 1: the feed does not move forward.",
    );
    expect(text.action).toContain('QuickBox Pro dashboard');
  });

  it('names what is not found: a session, a server, a profile or a plan', () => {
    const gone = (what: 'session' | 'server' | 'profile' | 'plan') =>
      errorText(en, { code: 'not_found', message: 'gone', what }).title;
    expect(gone('server')).toBe('This server is no longer in the list.');
    expect(gone('profile')).toBe('This profile no longer exists.');
    expect(gone('plan')).toBe('This plan is no longer kept.');
  });

  it('tells a session taken by a sign-in elsewhere from credentials the server rejected', () => {
    const elsewhere = errorText(en, {
      code: 'unauthorized',
      message: 'evicted',
      reason: 'signed_out_elsewhere',
    });
    const rejected = errorText(en, {
      code: 'unauthorized',
      message: 'wrong',
      reason: 'credentials_rejected',
    });

    expect(elsewhere.title).toContain('sign-in elsewhere');
    expect(elsewhere.action).toContain('Sign in again');
    expect(rejected.title).toBe('The server refused the stored credentials.');
    expect(rejected.action).toContain('will not try them again');
  });
});

describe('an https:// address that serves plain HTTP', () => {
  it('says the server answered without TLS and where plain HTTP is allowed, not that it is down', () => {
    const down = errorText(en, { code: 'unreachable', message: 'down' });
    const plain = errorText(en, { code: 'unreachable', message: 'plain', reason: 'plain_http' });

    expect(down.title).toBe('The server did not answer.');
    expect(plain.title).toBe(
      'The server answered, but not over HTTPS: this address serves plain HTTP.',
    );
    expect(plain.action).toContain('only for a server on this computer');
  });
});

describe('an invalid request in a form', () => {
  const error: AppError = {
    code: 'invalid_request',
    message: 'bad',
    issues: [
      { path: 'baseUrl', message: 'must be http(s)' },
      { path: 'credentials.otp', message: 'must be the 6 to 8 digit code' },
    ],
  };

  it('names the fields by their labels when the form shows every issue on its field', () => {
    const labels: Record<string, string> = {
      baseUrl: 'Address',
      'credentials.otp': 'One-time code',
    };
    const text = errorText(en, error, (path) => labels[path] ?? null);

    expect(text.title).toBe('Some of what was entered is not usable: Address and One-time code.');
  });

  it('keeps the paths and messages when a field is not shown', () => {
    const text = errorText(en, error, (path) => (path === 'baseUrl' ? 'Address' : null));

    expect(text.title).toContain('credentials.otp must be the 6 to 8 digit code');
  });
});

describe('a save whose answer was lost', () => {
  it('says nothing was changed when the read-back found the version that was edited', () => {
    const text = errorText(en, {
      code: 'timeout',
      message: 'The server did not finish its answer within 30 s. Read back: nothing was changed.',
      phase: 'total',
      lostSave: 'unchanged',
    });

    expect(text.title).toBe('The server took too long to answer.');
    expect(text.action).toBe(
      'Reading the settings back shows nothing was changed; try again in a moment.',
    );
  });

  it('says it is not known whether the save landed when the read-back found other values', () => {
    const text = errorText(en, { code: 'unreachable', message: 'lost', lostSave: 'unknown' });

    expect(text.title).toBe(
      "The save's answer was lost, and whether it landed is not known: the server now holds other values than the ones you sent and the ones you edited.",
    );
    expect(text.action).toBe('Reload the settings to see what the server holds now.');
  });
});

describe('an error in another language', () => {
  it("speaks its translator's language, durations included, and keeps what came from elsewhere", () => {
    const de = windowTranslator('de');

    expect(errorText(de, SAMPLES.unreachable).title).toBe('Der Server hat nicht geantwortet.');
    expect(errorText(de, SAMPLES.rate_limited).action).toContain('10 Minuten');
    expect(errorText(de, SAMPLES.forbidden).title).toContain('admin.settings.update');
  });
});
