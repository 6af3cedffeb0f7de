// ResolveImage: a container spec becomes the argv of a host process. A container is a process
// (DESIGN "Pods without containers"): nothing is pulled; well-known images run built-in
// programs, and any other image needs a `command`.
import type { ContainerLike, ImageFailure, ImagePlan, ResolveImage } from '../contracts.ts';
import { builtinFor, builtinImageNames } from './builtins.ts';
import { parseImageReference } from './reference.ts';

/** Kubernetes treats an empty list like an absent one (the image's ENTRYPOINT/CMD apply). */
const given = (list: string[] | undefined): string[] | undefined => (list && list.length > 0 ? [...list] : undefined);

export const resolveImage: ResolveImage = (container: ContainerLike): ImagePlan | ImageFailure => {
  const image = container.image ?? '';
  const ref = parseImageReference(image);
  if ('error' in ref) return { reason: 'InvalidImageName', message: ref.error };
  const command = given(container.command);
  const args = given(container.args);
  const builtin = builtinFor(ref);
  if (builtin) {
    const argv = builtin.argv(command, args);
    return builtin.env ? { argv, env: { ...builtin.env } } : { argv };
  }
  if (command) return { argv: [...command, ...(args ?? [])] };
  return {
    reason: 'ErrImagePull',
    message:
      `image ${JSON.stringify(image)} has no built-in program in Portico and the container sets no command: ` +
      `set command (and args) to the program to run, or use one of the built-in images: ${builtinImageNames.join(', ')}`,
  };
};
