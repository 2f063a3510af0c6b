/** Shapes of API responses the site reads that are not (yet) schemas in @sigma/core. */
export interface Stats {
  certificatesIssued: number;
  findingsAboveMedium: number;
  activeValidators: number;
  startingPriceUsd: string | null;
}

export interface SubmissionListItem {
  submissionId: string;
  status: string;
  productType: string;
  skillName: string | null;
  createdAt: string;
  updatedAt: string;
  certificateId: string | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Me {
  developerId: string;
  email: string;
  via: string;
}
