/**
 * The deployment's own plugins (SMS gateway, national portal sync, e-signature, payment...). Add a module beside
 * this file and list its plugin here: the worker registers it and the compiler accepts service tasks naming it.
 */
import type { Plugin } from './types.js';

export const projectPlugins: readonly Plugin[] = Object.freeze([]);
