// Small browser helpers for interactive pages, imported as a module (no script tag needed).
export function copyText(text) {
    return navigator.clipboard.writeText(text);
}

// Lets the browser download a file the server streams (the subscription log): a link with "download", which
// Blazor's router leaves to the browser.
export function downloadUrl(url) {
    const link = document.createElement("a");
    link.href = url;
    link.download = "";
    document.body.appendChild(link);
    link.click();
    link.remove();
}
