import { useMutation, useQuery } from '@tanstack/react-query';
import { api, call, type Input } from './client';

const link = api.public.forms[':token'];

/** A shared form anyone with the link may fill: its name, schema, a signed start time, the honeypot's name. */
export function usePublicForm(token: string) {
  return useQuery({
    queryKey: ['public-form', token],
    queryFn: () => call(link.$get, { param: { token } }),
    retry: false,
  });
}

/** Submits a public form: `fields`, the `startedAt` it was handed and the (empty) honeypot `_hp`. */
export function useSubmitPublicForm(token: string) {
  return useMutation({
    mutationFn: (body: Input<typeof link.submit.$post>['json']) =>
      call(link.submit.$post, { param: { token }, json: body }),
  });
}
