export { ApiServer, defaultNamespaces, type ApiServerOptions } from './server.ts';
