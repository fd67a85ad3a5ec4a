/** Which roles may do what (DESIGN.md §3). Scoping to agencies is checked where the agency is known. */
export const INTAKE_ROLES = ['receptionist'] as const;
export const STAFF_VIEW_ROLES = [
  'receptionist',
  'specialist',
  'division-head',
  'department-head',
  'supervisor',
] as const;
export const LEADER_ROLES = ['division-head', 'department-head'] as const;
export const SUPERVISOR_ROLES = ['supervisor'] as const;
export const PUBLISHER_ROLES = ['publisher'] as const;
export const DURATION_EDITOR_ROLES = ['duration-editor'] as const;
export const ADMIN_ROLES = ['admin'] as const;
export const STATS_ROLES = ['supervisor', 'department-head', 'division-head', 'admin'] as const;
