// The documents the nginx image serves by default: /usr/share/nginx/html/index.html (with one
// line added naming the pod), 50x.html, and nginx's built-in error pages (CRLF line ends).

const style = `<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>`;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** index.html of the nginx image, plus a paragraph naming the pod that served it. */
export function welcomePage(podName: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
${style}
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
<p>Served by pod <b>${escapeHtml(podName)}</b>.</p>
</body>
</html>
`;
}

export const errorPage50x = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
${style}
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

const statusLines: Record<number, string> = { 400: '400 Bad Request', 404: '404 Not Found', 405: '405 Not Allowed', 414: '414 Request-URI Too Large' };

/** ngx_http_special_response.c: the built-in page for an error status. */
export function specialResponse(status: number, version: string): string {
  const title = statusLines[status] ?? `${status}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}
