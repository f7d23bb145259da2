/**
 * Federations form a tree: the installation's own at the root (a city's 总工会, say), districts
 * and enterprises' unions below. Each federation runs its own events; the ones above see its
 * figures, never its contestants.
 */
export interface FederationNode {
  id: number;
  parentId: number | null;
}

/**
 * The federations below `rootId`, depth first (children in the order given), each with its depth
 * (1 = directly below). A parent link that loops back is not followed twice: a row edited by hand
 * cannot make the walk run forever.
 */
export function federationsBelow<N extends FederationNode>(nodes: readonly N[], rootId: number): (N & { depth: number })[] {
  const children = new Map<number, N[]>();
  for (const node of nodes) {
    if (node.parentId === null || node.id === rootId) continue;
    children.set(node.parentId, [...(children.get(node.parentId) ?? []), node]);
  }
  const seen = new Set<number>([rootId]);
  const result: (N & { depth: number })[] = [];
  const walk = (id: number, depth: number) => {
    for (const child of children.get(id) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      result.push({ ...child, depth });
      walk(child.id, depth + 1);
    }
  };
  walk(rootId, 1);
  return result;
}

/** Whether `id` is `rootId` itself or a federation below it. */
export function isWithin(nodes: readonly FederationNode[], rootId: number, id: number): boolean {
  return id === rootId || federationsBelow(nodes, rootId).some((node) => node.id === id);
}
