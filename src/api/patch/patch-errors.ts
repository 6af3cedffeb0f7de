/**
 * @module The errors kube-apiserver's PATCH handler (endpoints/handlers/patch.go) returns when
 * applying a patch fails, built as ApiErrors so the HTTP adapter renders them unchanged.
 */
import { ApiError, type StatusReason } from '../errors.ts';

/**
 * `errors.NewGenericServerResponse(422, "", GroupResource{}, "", msg, 0, false)`: upstream
 * drops `msg` (it only goes into causes for unexpected responses), so clients see this fixed
 * text and an empty details object. kubectl prints "The request is invalid: the server
 * rejected our request due to an error in our request".
 */
export function genericUnprocessable(): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/**
 * An error that is not a metav1.Status reaches the client as 500 with an empty reason and the
 * error text as message (responsewriters.ErrorToAPIStatus); kubectl prints
 * "Error from server: <message>". ApiError has no empty reason, hence the cast.
 */
export function unknownServerError(message: string): ApiError {
  return new ApiError(500, '' as StatusReason, message);
}

/** errors.NewRequestEntityTooLargeError. */
export function requestEntityTooLarge(message: string): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}
