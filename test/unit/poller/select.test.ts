import { DEFAULT_DEFENDER_SOURCES } from '../../../src/model';
import { alertSelector } from '../../../src/poller/select';
import { makeAlert, makeDlpAlert } from '../../helpers/builders';
import { capturedLogger } from '../ops/logCapture';

describe('the alert selector applied to each page before correlation', () => {
  const defender = makeAlert({ serviceSource: 'unknownFutureValue', detectionSource: 'antivirus' });
  const dlp = makeDlpAlert({});
  const insider = makeAlert({ serviceSource: 'microsoftInsiderRiskManagement' });
  const mystery = makeAlert({
    serviceSource: 'unknownFutureValue',
    detectionSource: null,
    productName: null,
  });

  it('keeps DLP and Defender alerts and leaves out other sources and unclassifiable alerts', () => {
    const { logger } = capturedLogger();
    const select = alertSelector({ defenderSources: DEFAULT_DEFENDER_SOURCES, logger });
    expect(select([defender, dlp, insider, mystery]).map((a) => a.id)).toEqual([defender.id, dlp.id]);
  });

  it('keeps Insider Risk alerts once DEFENDER_SOURCES names them', () => {
    const { logger } = capturedLogger();
    const select = alertSelector({
      defenderSources: [...DEFAULT_DEFENDER_SOURCES, 'microsoftInsiderRiskManagement'],
      logger,
    });
    expect(select([insider])).toHaveLength(1);
  });

  it('logs and counts an unclassifiable alert once, however often it is read again', () => {
    const { logger, lines } = capturedLogger();
    const counted: string[] = [];
    const select = alertSelector({
      defenderSources: DEFAULT_DEFENDER_SOURCES,
      logger,
      onUnclassified: (id) => counted.push(id),
    });
    for (let i = 0; i < 3; i++) select([mystery, defender]);
    expect(counted).toEqual([mystery.id]);
    const warned = lines().filter((l) => l.alertId === mystery.id);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, serviceSource: 'unknownFutureValue' });
  });
});
