// Small browser helpers for interactive pages, imported as a module (no script tag needed).
export function copyText(text) {
    return navigator.clipboard.writeText(text);
}

// Saves generated text as a file (the subscription log), without a round trip to another endpoint.
export function downloadText(fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
