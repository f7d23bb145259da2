/** Who may do what is decided by role; judges sign in on tablets, the others on any device. */
export const roles = ['organizer', 'chief_judge', 'judge'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
