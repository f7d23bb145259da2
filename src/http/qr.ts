import QRCode from 'qrcode';

/** A QR code as inline SVG markup (qrcode's SVG has no style attributes, so the CSP allows it). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
}
