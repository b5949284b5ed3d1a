import {
  bitStringNumber,
  choice,
  octetsNumber,
  optional,
  type PerValue,
  protocolIeSingleContainer,
  sequence,
  sequenceOf,
} from '../../asn1/index.ts';
import {
  amfPointer,
  amfRegionId,
  amfSetId,
  amfUeNgapId,
  ieExtensions,
  plmnIdentity,
  ranUeNgapId,
  sizedBits,
  tac,
  transportLayerAddress,
} from './basic.ts';

/** TAI (TS 38.413 §9.3.3.11). */
export const tai = sequence('TAI', { plmnIdentity, tac, ieExtensions });
export type Tai = PerValue<typeof tai>;

/** NR-CGI (§9.3.1.7): NRCellIdentity ::= BIT STRING (SIZE(36)), as a number (gNB ID + cell). */
export const nrCgi = sequence('NR-CGI', {
  plmnIdentity,
  nrCellIdentity: bitStringNumber('NRCellIdentity', 36),
  ieExtensions,
});
export type NrCgi = PerValue<typeof nrCgi>;

/** EUTRA-CGI (§9.3.1.9): EUTRACellIdentity ::= BIT STRING (SIZE(28)). */
export const eutraCgi = sequence('EUTRA-CGI', {
  plmnIdentity,
  eutraCellIdentity: bitStringNumber('EUTRACellIdentity', 28),
  ieExtensions,
});

/** Global RAN Node ID (§9.3.1.5): a gNB (ID of 22..32 bits), an ng-eNB or an N3IWF. */
export const globalRanNodeId = choice('GlobalRANNodeID', {
  globalGnbId: sequence('GlobalGNB-ID', {
    plmnIdentity,
    gnbId: choice('GNB-ID', { gnbId: sizedBits('GNB-ID', 22, 32), choiceExtensions: protocolIeSingleContainer }),
    ieExtensions,
  }),
  globalNgEnbId: sequence('GlobalNgENB-ID', {
    plmnIdentity,
    ngEnbId: choice('NgENB-ID', {
      macroNgEnbId: bitStringNumber('macroNgENB-ID', 20),
      shortMacroNgEnbId: bitStringNumber('shortMacroNgENB-ID', 18),
      longMacroNgEnbId: bitStringNumber('longMacroNgENB-ID', 21),
      choiceExtensions: protocolIeSingleContainer,
    }),
    ieExtensions,
  }),
  globalN3iwfId: sequence('GlobalN3IWF-ID', {
    plmnIdentity,
    n3iwfId: choice('N3IWF-ID', {
      n3iwfId: bitStringNumber('N3IWF-ID', 16),
      choiceExtensions: protocolIeSingleContainer,
    }),
    ieExtensions,
  }),
  choiceExtensions: protocolIeSingleContainer,
});
export type GlobalRanNodeId = PerValue<typeof globalRanNodeId>;

/** GUAMI (§9.3.3.3): PLMN, AMF Region ID (8 bits), AMF Set ID (10), AMF Pointer (6). */
export const guami = sequence('GUAMI', { plmnIdentity, amfRegionId, amfSetId, amfPointer, ieExtensions });
export type Guami = PerValue<typeof guami>;

/** S-NSSAI (§9.3.1.24): SST ::= OCTET STRING (SIZE(1)), SD ::= OCTET STRING (SIZE(3)) OPTIONAL. */
export const sNssai = sequence('S-NSSAI', {
  sst: octetsNumber('SST', 1),
  sd: optional(octetsNumber('SD', 3)),
  ieExtensions,
});
export type SNssai = PerValue<typeof sNssai>;

/** Allowed NSSAI (§9.3.1.31): 1..8 S-NSSAIs. */
export const allowedNssai = sequenceOf('AllowedNSSAI', sequence('AllowedNSSAI-Item', { sNssai, ieExtensions }), 1, 8);

/** SliceSupportList (§9.3.1.17): 1..1024 S-NSSAIs. */
export const sliceSupportList = sequenceOf(
  'SliceSupportList',
  sequence('SliceSupportItem', { sNssai, ieExtensions }),
  1,
  1024,
);

/** 5G-S-TMSI (§9.3.3.20): AMF Set ID, AMF Pointer, 5G-TMSI (4 octets). */
export const fiveGSTmsi = sequence('FiveG-S-TMSI', {
  amfSetId,
  amfPointer,
  fiveGTmsi: octetsNumber('FiveG-TMSI', 4),
  ieExtensions,
});

/** UE NGAP IDs (§9.3.3.22): the pair, or the AMF UE NGAP ID alone. */
export const ueNgapIds = choice('UE-NGAP-IDs', {
  ueNgapIdPair: sequence('UE-NGAP-ID-pair', { amfUeNgapId, ranUeNgapId, ieExtensions }),
  amfUeNgapId,
  choiceExtensions: protocolIeSingleContainer,
});

/** TimeStamp ::= OCTET STRING (SIZE(4)) (§9.3.1.75): NTP seconds. */
const timeStamp = octetsNumber('TimeStamp', 4);

/** User Location Information (§9.3.1.16): E-UTRA, NR (NR CGI + TAI) or N3IWF (IP address and port). */
export const userLocationInformation = choice('UserLocationInformation', {
  userLocationInformationEutra: sequence('UserLocationInformationEUTRA', {
    eutraCgi,
    tai,
    timeStamp: optional(timeStamp),
    ieExtensions,
  }),
  userLocationInformationNr: sequence('UserLocationInformationNR', {
    nrCgi,
    tai,
    timeStamp: optional(timeStamp),
    ieExtensions,
  }),
  userLocationInformationN3iwf: sequence('UserLocationInformationN3IWF', {
    ipAddress: transportLayerAddress,
    portNumber: octetsNumber('PortNumber', 2),
    ieExtensions,
  }),
  choiceExtensions: protocolIeSingleContainer,
});
export type UserLocationInformation = PerValue<typeof userLocationInformation>;
