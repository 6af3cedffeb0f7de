// Images: container spec → host argv. Built-in programs (nginx, agnhost, pause) live in programs/.
export { resolveImage } from './resolve.ts';
export { parseImageReference, formatImageReference, type ImageReference } from './reference.ts';
export { builtinFor, builtinImageNames, nginxVersion, programPath, type BuiltinImage } from './builtins.ts';
