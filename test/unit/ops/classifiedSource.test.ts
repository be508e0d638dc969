import { DEFAULT_DEFENDER_SOURCES, type SecurityAlert } from '../../../src/model';
import { classifiedSource } from '../../../src/ops/classifiedSource';
import type { AlertSource } from '../../../src/poller';
import { makeAlert, makeDlpAlert } from '../../helpers/builders';
import { capturedLogger } from './logCapture';

function sourceOf(alerts: SecurityAlert[]): AlertSource {
  return { listAlertsChangedSince: () => Promise.resolve({ alerts, pages: 1, skipped: 0 }) };
}

describe('the classified alert source', () => {
  const defender = makeAlert({ serviceSource: 'unknownFutureValue', detectionSource: 'antivirus' });
  const dlp = makeDlpAlert({});
  const insider = makeAlert({ serviceSource: 'microsoftInsiderRiskManagement' });
  const mystery = makeAlert({
    serviceSource: 'unknownFutureValue',
    detectionSource: null,
    productName: null,
  });

  it('keeps DLP and Defender alerts and leaves out other sources and unclassifiable alerts', async () => {
    const { logger } = capturedLogger();
    const source = classifiedSource(sourceOf([defender, dlp, insider, mystery]), {
      defenderSources: DEFAULT_DEFENDER_SOURCES,
      logger,
    });
    const listed = await source.listAlertsChangedSince('2026-01-01T00:00:00Z');
    expect(listed.alerts.map((a) => a.id)).toEqual([defender.id, dlp.id]);
    expect(listed.pages).toBe(1);
  });

  it('keeps Insider Risk alerts once DEFENDER_SOURCES names them', async () => {
    const { logger } = capturedLogger();
    const source = classifiedSource(sourceOf([insider]), {
      defenderSources: [...DEFAULT_DEFENDER_SOURCES, 'microsoftInsiderRiskManagement'],
      logger,
    });
    expect((await source.listAlertsChangedSince('2026-01-01T00:00:00Z')).alerts).toHaveLength(1);
  });

  it('logs and counts an unclassifiable alert once, however often it is read again', async () => {
    const { logger, lines } = capturedLogger();
    const counted: string[] = [];
    const source = classifiedSource(sourceOf([mystery, defender]), {
      defenderSources: DEFAULT_DEFENDER_SOURCES,
      logger,
      onUnclassified: (id) => counted.push(id),
    });
    for (let i = 0; i < 3; i++) await source.listAlertsChangedSince('2026-01-01T00:00:00Z');
    expect(counted).toEqual([mystery.id]);
    const warned = lines().filter((l) => l.alertId === mystery.id);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, serviceSource: 'unknownFutureValue' });
  });
});
