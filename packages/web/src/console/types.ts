export interface QueueItem {
  submissionId: string;
  status: string;
  productType: string;
  skillName: string | null;
  developerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface FlagView {
  flagId: string;
  certificateId: string;
  reason: string;
  evidence: string;
  contact: string | null;
  status: 'OPEN' | 'ESCALATED' | 'UPHELD' | 'DISMISSED';
  createdAt: string;
  triagedBy: string | null;
  triagedAt: string | null;
  resolution: string | null;
}

export interface ValidatorView {
  validatorId: string;
  ownerAddress: string;
  sessionAddress: string;
  modelProvider: string;
  modelId: string;
  modelFamily: string;
  status: string;
  stake: string;
  reputation: number;
  auditAccuracy: number;
  governanceWeight: number;
}

export interface FeatureFlag {
  key: string;
  enabled: boolean;
  description: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
}
