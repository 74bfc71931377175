import { describe, expect, it } from 'vitest';
import {
  SIDEBAR_FILTER_THRESHOLD,
  filterServers,
  offersFilter,
} from '../../src-renderer/state/server-filter';
import type { ServerView } from '../../src-shared/domain';
import { server } from './fixtures';

function box(id: string, name: string, environment: ServerView['environment']): ServerView {
  return { ...server(id, name), environment, baseUrl: `https://${id}.eu.example:8443` };
}

const list = [
  box('alpha', 'Café Paris', 'production'),
  box('beta', 'Build box', 'staging'),
  box('gamma', 'Lab', null),
  box('delta', 'Paris spare', 'test'),
];
const names = (servers: ServerView[]) => servers.map((item) => item.id).join(',');

describe('sidebar filter', () => {
  it('is offered from a dozen servers on, not before', () => {
    expect(SIDEBAR_FILTER_THRESHOLD).toBe(12);
    expect(offersFilter(11)).toBe(false);
    expect(offersFilter(12)).toBe(true);
    expect(offersFilter(500)).toBe(true);
  });

  it('keeps every server, in order, for an empty or blank query', () => {
    expect(names(filterServers(list, ''))).toBe('alpha,beta,gamma,delta');
    expect(names(filterServers(list, '   '))).toBe('alpha,beta,gamma,delta');
  });

  it('finds by name, ignoring case and accents', () => {
    expect(names(filterServers(list, 'paris'))).toBe('alpha,delta');
    expect(names(filterServers(list, 'CAFE'))).toBe('alpha');
  });

  it('finds by address and by environment label', () => {
    expect(names(filterServers(list, 'gamma.eu'))).toBe('gamma');
    expect(names(filterServers(list, ':8443'))).toBe('alpha,beta,gamma,delta');
    expect(names(filterServers(list, 'prod'))).toBe('alpha');
    expect(names(filterServers(list, 'staging'))).toBe('beta');
  });

  it('needs every word of the query, each anywhere', () => {
    expect(names(filterServers(list, 'paris test'))).toBe('delta');
    expect(names(filterServers(list, 'paris lab'))).toBe('');
  });
});
