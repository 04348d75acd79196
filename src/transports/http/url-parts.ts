/** The path of a request URL ("/graphql?x=1" → "/graphql"); "/" for none. */
export const pathOf = (url: string | undefined): string => {
  const at = url?.indexOf("?") ?? -1;
  return (at === -1 ? url : url!.slice(0, at)) || "/";
};

/** The query string of a request URL, "?" included; "" for none. */
export const searchOf = (url: string): string => {
  const at = url.indexOf("?");
  return at === -1 ? "" : url.slice(at);
};
