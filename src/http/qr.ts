/** A QR code as inline SVG markup (qrcode's SVG has no style attributes, so the CSP allows it). */
export async function qrSvg(text: string): Promise<string> {
  // Loaded with the first printed card rather than at start.
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
}
