import { eventRoles } from '../domain/event-roles.ts';
import { z } from '../zod.ts';

/** A colleague's role in one event (src/domain/event-roles.ts). */
export const eventRoleInput = z.object({ role: z.enum(eventRoles, { error: 'eventStaff.error.role' }) });
