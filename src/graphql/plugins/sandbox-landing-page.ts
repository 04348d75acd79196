import { type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";

const offlinePointer = `<p>Offline? <a href="/graphiql">/graphiql</a> is an explorer that needs no internet; <a href="/">/</a> lists the rest.</p>`;

/**
 * Apollo Sandbox at GET /graphql, whose offline fallback ("Apollo Sandbox
 * cannot be loaded") also points at the offline explorer. Apollo's options
 * cannot add text, so its page gets the pointer inserted in its fallback block.
 */
export function sandboxLandingPage(): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart!(service);
      return {
        async renderLandingPage() {
          const page = await listener!.renderLandingPage!();
          const html = typeof page.html === "string" ? page.html : await page.html();
          return { html: html.replace(`<div class="fallback">`, `<div class="fallback">${offlinePointer}`) };
        },
      };
    },
  };
}
