import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      mongodbUri: undefined,
      dataDir: './data',
      redisUrl: undefined,
      redisAdapter: 'classic',
      sessionSecret: undefined,
      admin: undefined,
      corsOrigins: [],
      trustProxy: 0,
      wordFilter: [],
      metricsToken: undefined,
      logLevel: 'info',
      rateLimits: true,
      socketsPerAddress: 200,
      reactionLabel: 'Like',
      auth: { password: true, sso: undefined },
      publicUrl: undefined,
      embedOrigins: [],
      embedAutoCreate: true,
      faultKillAt: undefined,
      mail: undefined,
    });
  });

  it('takes FAULT_KILL_AT (fault tests only) from the named points alone', () => {
    expect(loadConfig({ FAULT_KILL_AT: 'approve:before-event' }).faultKillAt).toBe('approve:before-event');
    expect(() => loadConfig({ FAULT_KILL_AT: 'anywhere' })).toThrow(/FAULT_KILL_AT/);
  });

  it('reads SMTP_URL and MAIL_FROM, which need each other and PUBLIC_URL (links in mail)', () => {
    const mail = { SMTP_URL: 'smtps://user:pw@mail.example:465', MAIL_FROM: 'Talk <talk@example.com>' };
    expect(loadConfig({ ...mail, PUBLIC_URL: 'https://talk.example' }).mail).toEqual({
      smtpUrl: mail.SMTP_URL,
      from: mail.MAIL_FROM,
      publicUrl: 'https://talk.example',
    });
    expect(() => loadConfig(mail)).toThrow(/PUBLIC_URL: must be set with SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: mail.SMTP_URL, PUBLIC_URL: 'https://t.example' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example', MAIL_FROM: 'a@b.c' })).toThrow(/SMTP_URL/);
  });

  it('normalises EMBED_ORIGINS (case, default port) and reads EMBED_AUTO_CREATE', () => {
    const origins = 'HTTPS://News.Example:443, http://localhost:8080/';
    const config = loadConfig({ EMBED_ORIGINS: origins, EMBED_AUTO_CREATE: 'off' });
    expect(config.embedOrigins).toEqual(['https://news.example', 'http://localhost:8080']);
    expect(config.embedAutoCreate).toBe(false);
    expect(() => loadConfig({ EMBED_ORIGINS: 'https://a.example/path' })).toThrow(/EMBED_ORIGINS/);
    expect(() => loadConfig({ EMBED_AUTO_CREATE: 'yes' })).toThrow(/EMBED_AUTO_CREATE/);
  });

  it("takes the reaction button's word, up to 40 characters", () => {
    expect(loadConfig({ REACTION_LABEL: 'Applaud' }).reactionLabel).toBe('Applaud');
    expect(() => loadConfig({ REACTION_LABEL: 'x'.repeat(41) })).toThrow(/REACTION_LABEL/);
  });

  it('coerces numbers, splits and trims lists, and normalises origins', () => {
    const config = loadConfig({
      PORT: '8080',
      TRUST_PROXY: '2',
      CORS_ORIGINS: ' https://a.example , http://localhost:5173/ ,,',
      WORD_FILTER: 'darn, heck ,',
      RATE_LIMITS: 'off',
      REDIS_ADAPTER: 'sharded',
      MONGODB_URI: 'mongodb://db.internal:27017/discussion',
      REDIS_URL: 'redis://cache:6379',
      LOG_LEVEL: 'debug',
      METRICS_TOKEN: 'scrape-me',
      DATA_DIR: ':memory:',
      PUBLIC_URL: 'https://talk.example/',
    });
    expect(config).toMatchObject({
      port: 8080,
      trustProxy: 2,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      wordFilter: ['darn', 'heck'],
      rateLimits: false,
      redisAdapter: 'sharded',
      mongodbUri: 'mongodb://db.internal:27017/discussion',
      redisUrl: 'redis://cache:6379',
      logLevel: 'debug',
      metricsToken: 'scrape-me',
      dataDir: ':memory:',
      publicUrl: 'https://talk.example',
    });
  });

  it('treats a blank variable as unset but keeps a secret exactly as written', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: '  ', ADMIN_USERNAME: 'root_1', ADMIN_PASSWORD: ' spaced pass ' });
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.admin).toEqual({ username: 'root_1', password: ' spaced pass ' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['TRUST_PROXY', '-1'],
    ['MONGODB_URI', 'http://db:27017'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_ADAPTER', 'cluster'],
    ['LOG_LEVEL', 'verbose'],
    ['RATE_LIMITS', 'yes'],
    ['CORS_ORIGINS', 'https://a.example/path'],
    ['CORS_ORIGINS', 'a.example'],
    ['SESSION_SECRET', 'short'],
    ['PUBLIC_URL', 'https://talk.example/discussion'],
    ['PUBLIC_URL', 'talk.example'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('checks the bootstrap admin against the account rules and wants both variables', () => {
    expect(() => loadConfig({ ADMIN_USERNAME: 'a b', ADMIN_PASSWORD: 'long enough' })).toThrow(/ADMIN_USERNAME/);
    expect(() => loadConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_USERNAME: 'admin' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'long enough' })).toThrow(/ADMIN_USERNAME/);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
  });
});
