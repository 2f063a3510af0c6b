/** Public URLs of a certificate on this deployment (the web page is `/certificate/:id`, singular). */
export const certificatePageUrl = (publicUrl: string, certificateId: string): string => `${publicUrl}/certificate/${certificateId}`;
export const certificateVerifyUrl = (publicUrl: string, certificateId: string): string => `${publicUrl}/api/v1/public/certificates/${certificateId}/verify`;
