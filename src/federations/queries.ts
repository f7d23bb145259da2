import { byName } from '../domain/names.ts';
import type { Db } from '../db/client.ts';
import { activeAdministrators } from '../staff/queries.ts';
import { federationsBelow } from '../domain/federations.ts';

export interface FederationSummary {
  id: number;
  name: string;
  nameEn: string;
  parentId: number | null;
  /** 1 = directly below the viewing federation. */
  depth: number;
  events: number;
  /** Its enabled administrators' names: who to call there. */
  administrators: string[];
}


/** Every federation (a tree of dozens): ids and parents, for the walks in src/domain/federations.ts. */
export const federationNodes = (db: Db) => db.federation.findMany({ select: { id: true, parentId: true, name: true, nameEn: true }, orderBy: { id: 'asc' } });

/** The account's own federation and those below it, each with its events and administrators. */
export async function federationTree(db: Db, ownId: number): Promise<{ own: FederationSummary; below: FederationSummary[] }> {
  const nodes = (await federationNodes(db)).sort((a, b) => byName.compare(a.name, b.name) || a.id - b.id);
  const own = nodes.find((n) => n.id === ownId);
  if (!own) throw new Error(`no federation ${ownId}`);
  const listed = [{ ...own, depth: 0 }, ...federationsBelow(nodes, ownId)];
  const ids = listed.map((n) => n.id);
  const [events, admins] = await Promise.all([
    db.event.groupBy({ by: ['federationId'], where: { federationId: { in: ids } }, _count: { _all: true } }),
    db.account.findMany({ where: { ...activeAdministrators, federationId: { in: ids } }, select: { federationId: true, displayName: true } }),
  ]);
  const eventCount = new Map(events.map((e) => [e.federationId, e._count._all]));
  const summaries = listed.map((n) => ({
    id: n.id, name: n.name, nameEn: n.nameEn, parentId: n.parentId, depth: n.depth, events: eventCount.get(n.id) ?? 0,
    administrators: admins.filter((a) => a.federationId === n.id).map((a) => a.displayName).sort(byName.compare),
  }));
  return { own: summaries[0]!, below: summaries.slice(1) };
}
