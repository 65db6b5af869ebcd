// swagger-ui-dist ships no types; its absolute-path.js exports one function.
declare module "swagger-ui-dist/absolute-path.js" {
  /** The absolute path of the installed swagger-ui-dist folder. */
  export default function getAbsoluteFSPath(): string;
}
