/** Engine identity, written into every report. Bump on any change that can alter a report. */
export const ENGINE_VERSION = 'sigma-evidence/1.2.0';
