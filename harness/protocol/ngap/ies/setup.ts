import { bitStringNumber, enumeratedExt, integer, optional, sequence, sequenceOf } from '../../asn1/index.ts';
import { amfName, ieExtensions, plmnIdentity, tac } from './basic.ts';
import { guami, sliceSupportList } from './identities.ts';

/** NG Setup IEs (TS 38.413 §9.2.6.1-2). */

/** Supported TA List (§9.3.3.26 / §9.2.6.1): TACs, each with its broadcast PLMNs and their slices. */
export const supportedTaList = sequenceOf(
  'SupportedTAList',
  sequence('SupportedTAItem', {
    tac,
    broadcastPlmnList: sequenceOf(
      'BroadcastPLMNList',
      sequence('BroadcastPLMNItem', { plmnIdentity, taiSliceSupportList: sliceSupportList, ieExtensions }),
      1,
      12,
    ),
    ieExtensions,
  }),
  1,
  256,
);

/** Paging DRX (§9.3.1.90). */
export const pagingDrx = enumeratedExt('PagingDRX', ['v32', 'v64', 'v128', 'v256']);

/** Served GUAMI List (§9.2.6.2). */
export const servedGuamiList = sequenceOf(
  'ServedGUAMIList',
  sequence('ServedGUAMIItem', { guami, backupAmfName: optional(amfName), ieExtensions }),
  1,
  256,
);

/** Relative AMF Capacity (§9.3.1.32). */
export const relativeAmfCapacity = integer('RelativeAMFCapacity', 0, 255);

/** PLMN Support List (§9.2.6.2). */
export const plmnSupportList = sequenceOf(
  'PLMNSupportList',
  sequence('PLMNSupportItem', { plmnIdentity, sliceSupportList, ieExtensions }),
  1,
  12,
);

/** UE Retention Information (§9.3.1.117). */
export const ueRetentionInformation = enumeratedExt('UERetentionInformation', ['ues-retained']);

/** UE Security Capabilities (§9.3.1.86): NR and E-UTRA algorithm bitmaps, BIT STRING (SIZE(16, ...)). */
export const ueSecurityCapabilities = sequence('UESecurityCapabilities', {
  nrEncryptionAlgorithms: bitStringNumber('NRencryptionAlgorithms', 16, true),
  nrIntegrityProtectionAlgorithms: bitStringNumber('NRintegrityProtectionAlgorithms', 16, true),
  eutraEncryptionAlgorithms: bitStringNumber('EUTRAencryptionAlgorithms', 16, true),
  eutraIntegrityProtectionAlgorithms: bitStringNumber('EUTRAintegrityProtectionAlgorithms', 16, true),
  ieExtensions,
});
