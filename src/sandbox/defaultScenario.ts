/** The built-in scenario `cockpit drill` plays when none is named (a module of its own: the command line's help names it too). */
export const DEFAULT_SCENARIO = 'bad-deploy';
